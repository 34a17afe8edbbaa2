/* A fast path for loading catalogue YAML: libyaml's event parser straight into dicts, lists and strings,
 * with the line and column of every key and value kept beside them.
 *
 * PyYAML's composer makes a Python node object and two mark objects for every value, and calls back into
 * Python to resolve each one; for a province of catalogues that is most of the time validation takes. This
 * module does the same walk in C for the documents that are ordinary: one document, a mapping at the top,
 * string keys, no anchors, aliases, tags, duplicate keys or merge keys, nesting no deeper than the limit.
 * For anything else, and for any syntax error, it returns None and the caller uses the full loader in
 * full.py, which knows how to report each of those cases. Both produce the same data and positions.
 *
 * load(text, resolve_plain, resolved_first, max_depth, bail) -> (data, record) | None
 *   resolve_plain(str) -> value: turns a plain scalar that may be something other than a string (it starts
 *     with one of the characters in `resolved_first`, or is empty) into its value; returns `bail` for a
 *     scalar only the full loader can report on.
 *   record: for a mapping, [pos, key_pos_0, value_0, key_pos_1, value_1, ...]; for a sequence,
 *     [pos, value_0, value_1, ...]; a value is a nested record for a collection, or the position of a
 *     scalar. A position is (line << 32) | column, both 0-based.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <yaml.h>

typedef struct {
    PyObject *container; /* dict or list */
    PyObject *record;    /* list */
    PyObject *key;       /* pending mapping key, or NULL */
    PyObject *key_pos;
} Frame;

typedef struct {
    PyObject *resolve_plain;
    PyObject *bail;
    Py_UCS4 *first;
    Py_ssize_t n_first;
    PyObject *keys; /* mapping keys repeat in every item: share one string per distinct key */
} Context;

static PyObject *position(yaml_mark_t mark) {
    return PyLong_FromUnsignedLongLong(((unsigned long long)mark.line << 32) | (unsigned long long)mark.column);
}

static int may_resolve(Context *ctx, PyObject *text) {
    if (PyUnicode_GET_LENGTH(text) == 0) return 1;
    Py_UCS4 c = PyUnicode_READ_CHAR(text, 0);
    for (Py_ssize_t i = 0; i < ctx->n_first; i++)
        if (ctx->first[i] == c) return 1;
    return 0;
}

/* Adds a finished value and its position (or record) to the innermost collection. 0, or -1 on error. */
static int add(Frame *frame, PyObject *value, PyObject *where) {
    int failed;
    if (frame->key != NULL) {
        failed = PyDict_SetItem(frame->container, frame->key, value) < 0
                 || PyList_Append(frame->record, frame->key_pos) < 0;
        Py_CLEAR(frame->key);
        Py_CLEAR(frame->key_pos);
    } else {
        failed = PyList_Append(frame->container, value) < 0;
    }
    if (!failed) failed = PyList_Append(frame->record, where) < 0;
    return failed ? -1 : 0;
}

static int is_mapping(Frame *frame) { return PyDict_CheckExact(frame->container); }

/* 1: loaded into *out; 0: not an ordinary document (use the full loader); -1: Python error. */
static int walk(yaml_parser_t *parser, Context *ctx, int max_depth, PyObject **out) {
    Frame *stack = PyMem_Calloc((size_t)max_depth + 2, sizeof(Frame));
    if (stack == NULL) { PyErr_NoMemory(); return -1; }
    int depth = 0; /* frames in use */
    int status = 0, documents = 0, done = 0;
    PyObject *root = NULL, *root_record = NULL;
    yaml_event_t event;

    while (!done) {
        if (!yaml_parser_parse(parser, &event)) { status = 0; break; }
        int stop = 0;
        switch (event.type) {
        case YAML_STREAM_START_EVENT:
            break;
        case YAML_DOCUMENT_START_EVENT:
            if (++documents > 1) stop = 1;
            break;
        case YAML_DOCUMENT_END_EVENT:
            break;
        case YAML_STREAM_END_EVENT:
            done = 1;
            status = root != NULL;
            break;
        case YAML_ALIAS_EVENT:
            stop = 1;
            break;
        case YAML_SCALAR_EVENT: {
            if (depth == 0 || event.data.scalar.anchor || event.data.scalar.tag) { stop = 1; break; }
            Frame *frame = &stack[depth - 1];
            int plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            const char *bytes = (const char *)event.data.scalar.value;
            Py_ssize_t length = (Py_ssize_t)event.data.scalar.length;
            if (is_mapping(frame) && frame->key == NULL) { /* a key: kept as written */
                if (plain && length == 2 && bytes[0] == '<' && bytes[1] == '<') { stop = 1; break; }
                PyObject *key = PyUnicode_DecodeUTF8(bytes, length, "strict");
                if (key == NULL) { status = -1; stop = 1; break; }
                PyObject *shared = PyDict_SetDefault(ctx->keys, key, key);
                if (shared == NULL) { Py_DECREF(key); status = -1; stop = 1; break; }
                Py_INCREF(shared);
                Py_DECREF(key);
                int seen = PyDict_Contains(frame->container, shared);
                if (seen != 0) { Py_DECREF(shared); status = seen < 0 ? -1 : 0; stop = 1; break; }
                frame->key = shared;
                frame->key_pos = position(event.start_mark);
                if (frame->key_pos == NULL) { status = -1; stop = 1; }
                break;
            }
            PyObject *value = PyUnicode_DecodeUTF8(bytes, length, "strict");
            if (value == NULL) { status = -1; stop = 1; break; }
            if (plain && event.data.scalar.plain_implicit && may_resolve(ctx, value)) {
                PyObject *resolved = PyObject_CallOneArg(ctx->resolve_plain, value);
                Py_DECREF(value);
                if (resolved == NULL) { status = -1; stop = 1; break; }
                if (resolved == ctx->bail) { Py_DECREF(resolved); stop = 1; break; }
                value = resolved;
            }
            PyObject *where = position(event.start_mark);
            if (where == NULL || add(frame, value, where) < 0) status = -1, stop = 1;
            Py_DECREF(value);
            Py_XDECREF(where);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            int mapping = event.type == YAML_MAPPING_START_EVENT;
            yaml_char_t *anchor = mapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor;
            yaml_char_t *tag = mapping ? event.data.mapping_start.tag : event.data.sequence_start.tag;
            if (anchor || tag || depth >= max_depth) { stop = 1; break; }
            if (depth == 0 && (!mapping || root != NULL)) { stop = 1; break; } /* the top must be one mapping */
            if (depth > 0 && is_mapping(&stack[depth - 1]) && stack[depth - 1].key == NULL) {
                stop = 1; /* a collection used as a key */
                break;
            }
            Frame *frame = &stack[depth];
            frame->container = mapping ? PyDict_New() : PyList_New(0);
            frame->record = PyList_New(0);
            PyObject *where = position(event.start_mark);
            if (frame->container == NULL || frame->record == NULL || where == NULL
                || PyList_Append(frame->record, where) < 0) {
                Py_XDECREF(where);
                Py_CLEAR(frame->container);
                Py_CLEAR(frame->record);
                status = -1, stop = 1;
                break;
            }
            Py_DECREF(where);
            depth++;
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: {
            Frame *frame = &stack[--depth];
            if (depth == 0) {
                root = frame->container;
                root_record = frame->record;
            } else {
                if (add(&stack[depth - 1], frame->container, frame->record) < 0) status = -1, stop = 1;
                Py_DECREF(frame->container);
                Py_DECREF(frame->record);
            }
            frame->container = frame->record = NULL;
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&event);
        if (stop) break;
    }
    for (int i = 0; i < depth; i++) {
        Py_XDECREF(stack[i].container);
        Py_XDECREF(stack[i].record);
        Py_XDECREF(stack[i].key);
        Py_XDECREF(stack[i].key_pos);
    }
    PyMem_Free(stack);
    if (status == 1) {
        *out = PyTuple_Pack(2, root, root_record);
        if (*out == NULL) status = -1;
    }
    Py_XDECREF(root);
    Py_XDECREF(root_record);
    return status;
}

static PyObject *load(PyObject *self, PyObject *args) {
    PyObject *text, *resolve_plain, *first, *bail;
    int max_depth;
    if (!PyArg_ParseTuple(args, "UOUiO:load", &text, &resolve_plain, &first, &max_depth, &bail)) return NULL;
    if (max_depth < 1) { PyErr_SetString(PyExc_ValueError, "max_depth must be positive"); return NULL; }
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(text, &size);
    if (utf8 == NULL) return NULL;
    Context ctx = {resolve_plain, bail, PyUnicode_AsUCS4Copy(first), PyUnicode_GET_LENGTH(first), PyDict_New()};
    if (ctx.first == NULL || ctx.keys == NULL) {
        PyMem_Free(ctx.first);
        Py_XDECREF(ctx.keys);
        return NULL;
    }
    yaml_parser_t parser;
    PyObject *out = NULL;
    int status = -1;
    if (!yaml_parser_initialize(&parser)) {
        PyErr_NoMemory();
    } else {
        yaml_parser_set_input_string(&parser, (const unsigned char *)utf8, (size_t)size);
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
        status = walk(&parser, &ctx, max_depth, &out);
        yaml_parser_delete(&parser);
    }
    PyMem_Free(ctx.first);
    Py_DECREF(ctx.keys);
    if (status < 0) return NULL;
    if (status == 0) Py_RETURN_NONE;
    return out;
}

static PyMethodDef methods[] = {
    {"load", load, METH_VARARGS, "Load an ordinary catalogue document: (data, record), or None for the full loader."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fastyaml", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fastyaml(void) { return PyModule_Create(&module); }
