"""Editions: takes folders or git revisions, gives catalogue models (validated files on disk, a folder, a
revision read straight from git) and the changes between two editions."""
