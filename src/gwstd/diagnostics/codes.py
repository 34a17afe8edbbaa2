"""The catalogue of diagnostic codes.

Every problem gwstd reports has a stable code listed here, with a Chinese title, a description, a message
template and an example, so that `gwstd rules` can list them and users can look a code up.

- GW0xx: files and YAML (reading, encoding, syntax, hostile input)
- GW1xx: the JSON Schema (structure, types, vocabularies)
- GW2xx: the domain rules (ids, departments, phones, 文号, 书名号, placeholders, time limits)
- GW4xx: Excel import
- GW5xx: what stops a command before it finishes (an output file, an edition, a template): the codes of the
  errors in gwstd.diagnostics.errors
"""

from __future__ import annotations

from dataclasses import dataclass

from gwstd.diagnostics import Diagnostic, JsonPath, Severity


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    title: str
    severity: Severity
    template: str
    description: str
    example: str = ""
    # An I/O problem means the check could not run at all: exit code 2, not 1.
    io: bool = False
    # What `gwstd validate --fix` corrects of this code's problems outside the rules' own fixes (a file that
    # does not load has no values for rules to fix), in Chinese; "" for nothing.
    fix: str = ""


E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

_CODES = [
    # --- files and YAML -------------------------------------------------------------------------------
    Code("GW001", "文件无法读取", E, "无法读取文件:{reason}",
         "文件存在但无法打开或读取(权限不足、是目录、被占用等)。",
         "gwstd validate catalog/目录.yaml   # 而 目录.yaml 是一个文件夹", io=True),
    Code("GW002", "路径不存在", E, "路径不存在:{target}",
         "命令行给出的文件或目录不存在。", "gwstd validate no-such-dir", io=True),
    Code("GW003", "文件编码不是 UTF-8", E, "文件不是 UTF-8 编码{detail}",
         "gwstd 读取 UTF-8(可带 BOM)编码的文件。Windows 编辑器常把文件存成 GBK,请另存为 UTF-8,"
         "或用 --encoding gb18030 在读取时转换。", "(用记事本以 ANSI/GBK 编码保存的文件)"),
    Code("GW004", "YAML 语法错误", E, "YAML 语法错误:{problem}",
         "文件不是合法的 YAML,常见原因是缩进不一致、冒号后缺少空格、引号或括号未闭合、使用了 Tab 缩进,"
         "或用中文输入法输入了全角的冒号“：”、逗号“，”、减号“－”或全角空格。",
         "name: 招生划片范围\n  id: jy-001   # 缩进不一致",
         fix="键后的全角冒号(name：招生 → name: 招生)和冒号后的全角空格改为半角;文件因此能够读取时才改写"),
    Code("GW005", "键重复", E, "键「{key}」重复出现(第 {first} 行已有);YAML 只保留最后一个,前面的内容会丢失",
         "同一个映射中出现了两个相同的键。", "name: 招生政策\nname: 招生方案"),
    Code("GW006", "别名展开过大", E, "别名(*引用)展开后超过 {limit} 个节点,文件可能是恶意构造的",
         "锚点与别名可以复用内容,但层层嵌套的别名会让内容成倍膨胀(“十亿笑”攻击),因此设有上限。",
         "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]  # ……"),
    Code("GW007", "嵌套过深", E, "嵌套层级超过 {limit} 层{detail}",
         "目录文件的结构不会超过十几层;过深的嵌套(或引用自身的锚点)会被拒绝。", "a: [[[[[[[[ … ]]]]]]]]"),
    Code("GW008", "不支持的 YAML 标签", E, "不支持 YAML 标签「{tag}」,目录文件只能使用文本、数字、列表和映射",
         "gwstd 从不根据标签构造对象(如 !!python/object),也不接受二进制、集合等类型。",
         "name: !!python/object:os.system echo"),
    Code("GW009", "一个文件含多个文档", E, "一个文件只能包含一个 YAML 文档,这里开始了第二个文档(---)",
         "每个领域一个文件;文件中出现第二个 --- 分隔的文档会被拒绝。", "domain: 义务教育\n---\ndomain: 市政服务"),
    Code("GW010", "顶层不是映射", E, "文件顶层应为“键: 值”的映射,实际是{kind}",
         "目录文件的顶层必须是映射(domain: …、categories: …)。", "- 义务教育\n- 市政服务"),
    Code("GW011", "文件为空", E, "文件为空,没有任何内容", "空文件或只有注释的文件。", "# 只有注释"),
    Code("GW012", "键不是简单文本", E, "映射的键必须是简单文本,这里是{kind}",
         "键必须是简单文本(如 name、id),不能是列表或映射。", "[a, b]: 值"),
    Code("GW013", "文件过大", E, "文件大小{size}超过上限 {limit}",
         "单个目录文件不应超过上限;请按领域拆分。", "(一个 40 MB 的 YAML 文件)", io=True),
    Code("GW014", "没有找到目录文件", E, "{target} 中没有找到 YAML 目录文件(*.yaml、*.yml)",
         "给出的目录中没有可检查的文件。", "gwstd validate 空文件夹/", io=True),
    Code("GW015", "未找到 catalog.yaml", W, "未找到 catalog.yaml,无法核对部门引用和跨文件的事项编号",
         "领域文件应与 catalog.yaml(目录说明与部门名册)放在同一目录中。", "gwstd validate 单独的领域文件.yaml"),
    Code("GW016", "不支持合并键", E, "不支持 YAML 合并键「<<」,请直接写出各字段",
         "合并键会隐藏字段的来源;部门信息请放在部门名册中引用。", "<<: *defaults"),
    Code("GW017", "超出解析器的限制", E, "超出 YAML 解析器的限制:{problem}",
         "YAML 解析器(libyaml)对输入的长度和所用的内存有上限;目录文件远小于这些上限,超出说明文件异常庞大或是"
         "恶意构造的。嵌套过深另见 GW007。", "(一个几 GB 的 YAML 文件)"),
    Code("GW018", "文件名不是 UTF-8", W, "文件名含有不是 UTF-8 编码的字节(显示为 \\x..),请改用 UTF-8 的文件名",
         "在 Windows 上打包的 zip 常把中文文件名存为 GBK 字节;在这里解开后文件名是乱码,别人也无法按名称找到它。"
         "文件照常检查,报告中无法显示的字节写作 \\xNN。", "catalog/\\xd5\\xf7\\xb5\\xd8.yaml"),
    Code("GW019", "不是普通文件", E, "{target} 不是普通文件(是{kind}),没有读取",
         "gwstd 只读取普通文件。命名管道(FIFO)、设备和套接字可能永远读不完,或读取时改变设备的状态,因此一律拒绝,"
         "在目录文件夹中也是如此。", "mkfifo catalog/管道.yaml", io=True),
    Code("GW020", "目录没有领域文件", W, "目录 {target} 只有 catalog.yaml,没有任何领域文件",
         "目录文件夹中除 catalog.yaml 外,每个领域还应有一个 YAML 文件(如 yiwu-jiaoyu.yaml)。没有领域的目录无法"
         "编制(gwstd build)或核对覆盖情况(gwstd coverage)。", "catalog/ 中只有 catalog.yaml"),
    Code("GW021", "无法与上一版比较", W, "{since} 中没有这个县的目录,没有列出调整情况:{reason}",
         "省级汇总用 --since 比较各县的调整时,上一版中找不到这个县(如本版新增的县),这个县不列调整情况,其他县照常。",
         "gwstd build 全省目录/ --since v2024   # v2024 时还没有 county-184/"),
    Code("GW022", "两个县的地区相同", W, "地区「{region}」与 {other} 相同,汇总中无法区分",
         "省级汇总中两个县(市、区)的 catalog.yaml 写了相同的 region,常见于复制了别的县的目录后忘了改。两个县都照常"
         "编制,目录放在不同的文件夹中,但汇总页、汇总表和检索结果中分不清。", "全省目录/甲县/ 和 全省目录/乙县/ 都写 region: 甲县"),
    Code("GW023", "目录中还有目录", W, "{target} 在县目录 {outer} 之中,作为另一个县汇总",
         "省级汇总中,一个县的目录文件夹里又有一个 catalog.yaml(如旧版备份),它被当作另一个县编制和汇总。若是备份,"
         "请移出全省目录文件夹(或移到以 . 开头的文件夹中)。", "全省目录/旌阳区/旧版/catalog.yaml"),
    Code("GW024", "处理这个县时出错", E, "处理这个县的目录时发生内部错误({reason}),这个县没有汇总,其他县照常",
         "gwstd 自身的问题,不是目录的问题:请把这条信息和这个县的目录文件报告给 gwstd 的维护者。",
         "gwstd build 全省目录/   # 处理某个县时 gwstd 出错"),
    # --- JSON Schema -----------------------------------------------------------------------------------
    Code("GW101", "缺少必填项", E, "{where}缺少必填项「{label}」({key})",
         "每个事项至少要写明名称、依据、内容、主体、时限、更新周期、渠道、对象、方式和层级(川办发〔2017〕90号)。",
         "- id: jy-001\n  name: 招生划片范围\n  # 缺少 basis(公开依据)……"),
    Code("GW102", "未知字段", E, "未知字段「{key}」{where}",
         "目录文件只允许规定的字段,拼错的字段名会被发现,不会被悄悄忽略。", "- id: jy-001\n  nmae: 招生划片范围"),
    Code("GW103", "类型不正确", E, "「{label}」应为{expected},实际是{actual}",
         "字段的类型不对,例如应为列表却写成了文本。", "method: 主动   # 应写成 [主动]"),
    Code("GW104", "取值不在规定范围内", E, "「{label}」的取值「{value}」不在规定范围内",
         "渠道、对象、方式、层级、更新周期等只能从规定的词表中选择。", "update_cycle: 随时"),
    Code("GW105", "格式不正确", E, "「{label}」的格式不正确:「{value}」",
         "值不符合规定的格式,如事项编号、日期、网址。", "date: 2024/6/30"),
    Code("GW106", "内容为空或长度不符", E, "「{label}」{problem}",
         "必填的文本或列表为空,或者超过了长度上限。", "channels: []"),
    Code("GW107", "列表中有重复项", E, "「{label}」中有重复的项「{value}」", "同一列表中不应重复。",
         "channels: [政府网站, 政府网站]"),
    Code("GW108", "一级事项结构不正确", E, "一级事项「{name}」应包含 items(事项)或 subcategories(二级事项分组),{problem}",
         "一级事项下用 items 列出事项;有三级事项的二级事项写成带 name 和 items 的分组,放在 items 中与二级事项"
         "并列,或放在 subcategories 中。",
         "- name: 法规政策\n  # 既没有 items 也没有 subcategories"),
    Code("GW109", "结构不符合规范", E, "「{label}」不符合规范:{detail}", "其他结构问题。", "(其他代码未涵盖的结构问题)"),
    # --- domain rules ---------------------------------------------------------------------------------
    Code("GW201", "事项编号重复", E, "事项编号「{id}」重复,已用于 {other}",
         "事项编号在整个目录中必须唯一,版本比对和链接都依靠它。", "- id: jy-001\n…\n- id: jy-001"),
    Code("GW202", "事项名称重复", E, "{where}下已有名为「{name}」的事项({other})",
         "同一个一级事项下的事项和二级事项不应同名,同一个二级事项下的三级事项也不应同名。", "- name: 招生政策\n…\n- name: 招生政策"),
    Code("GW203", "部门引用无效", E, "部门编号「{ref}」不在部门名册中",
         "subject.department 必须是 catalog.yaml 部门名册中的编号。", "subject:\n  department: jiaoyuju  # 名册中是 jiaoyu"),
    Code("GW204", "电话号码格式不正确", E, "「{label}」中的号码「{number}」{problem}",
         "电话应为:区号-号码(0838-2222222、028-12345678)、12345 等 5 位服务热线、11 位手机号,"
         "可带分机(转123 或 -123);多个号码用“、”分隔。", "consult: 2222222   # 缺少区号"),
    Code("GW205", "文号括号不规范", W, "文号「{text}」的年份应使用六角括号〔〕,应写作「{fixed}」",
         "文号的年份用六角括号〔〕(U+3014/U+3015),不用 [ ]、［］、„‟、﹝﹞、（）、【】。",
         "number: 川办发[2017]90号"),
    Code("GW206", "书名号不配对", E, "「{label}」中的书名号不配对:{problem}",
         "《》和〈〉必须成对出现,书名号内的书名号用〈〉。", "title: 《政府信息公开条例"),
    Code("GW207", "内容为空白或占位符", E, "「{label}」是占位内容「{value}」,请填写实际内容",
         "必填的内容不能是空白或“待定”“XXX”“无”等占位符。", "person: 待定"),
    Code("GW208", "公开时限无法识别", W, "公开时限「{value}」无法识别为期限",
         "公开时限应写明期限,如“信息形成或者变更之日起20个工作日内”“实时”“长期公开”。", "time_limit: 尽快"),
    Code("GW209", "文件名称带书名号", W, "文件名称「{value}」不需要书名号,输出时会自动加上,应写作「{fixed}」",
         "依据的文件名称写在 title 中,不带书名号;表格输出时统一加《》。", "title: 《中华人民共和国政府信息公开条例》"),
    Code("GW210", "内容要素重复", E, "内容要素「{value}」同时列在必须公开(●)和可选公开(〇)中",
         "一个要素只能是必须公开或可选公开之一。", "content:\n  required: [文件名称]\n  optional: [文件名称]"),
    Code("GW211", "领域重复", E, "领域「{domain}」已在 {other} 中定义",
         "每个领域只用一个文件。", "(两个文件都写 domain: 义务教育)"),
    Code("GW212", "其他渠道不一致", W, "{problem}",
         "勾选“其他”渠道时应在 other_channels 中写明;写了 other_channels 时应勾选“其他”。",
         "channels: [政府网站]\nother_channels: [乡镇公开栏]"),
    Code("GW213", "部门未被引用", I, "部门「{ref}」({name})没有被任何事项引用",
         "部门名册中的部门没有事项引用,可能是多余的或事项写错了部门编号。",
         "departments:\n  caizheng: {name: 示例县财政局, …}   # 没有事项写 department: caizheng"),
    Code("GW214", "范围要点编号无效", E, "范围要点「{ref}」不在范围指引「{baseline}」中",
         "事项的 scope 只能引用范围指引(默认为川办发〔2017〕90号附件,或 --baseline 指定的文件)中的要点编号。",
         "scope: [jy-99]"),
    Code("GW215", "事项未标注范围要点", W, "事项「{name}」没有标注范围要点(scope)",
         "仅在 --require-scope 时检查:每个事项都标明它覆盖范围指引的哪些要点。目录可以超出指引,故默认不检查。",
         "- id: jy-001\n  # 没有 scope"),
    Code("GW218", "值应加引号", W,
         "「{value}」没有加引号:编辑器(YAML 1.2)会把它读成{kind},与 gwstd 读到的文本不一致",
         "以 0 开头并含 8 或 9 的纯数字(如 08386200001)、单独的 y、Y、n、N,以及没有小数点或正负号的指数写法"
         "(如 1e3、1.5e3),gwstd(PyYAML,YAML 1.1)读成文本,VS Code 等编辑器的 YAML 插件却读成数字或是/否值并标为类型错误。"
         "加上引号后两边都读成文本。", "consult: 08386200001   # 应写作 consult: \"08386200001\""),
    Code("GW219", "徽标图片无法使用", W, "徽标图片「{image}」{problem},HTML 目录中将不显示徽标",
         "catalog.yaml 的 emblem 写明横幅中的徽标图片:相对于 catalog.yaml 的路径,PNG、JPEG 或 SVG 格式,"
         "不超过 1 MB。图片嵌入 HTML 目录,离线也能显示;找不到、过大或不是这几种图片时,目录照常生成,只是不显示徽标。",
         "emblem: 县徽.png   # catalog.yaml 旁边没有这个文件"),
    Code("GW220", "含有控制字符", E, "「{label}」含有控制字符 {chars},请删除",
         "控制字符(如 NUL、ESC、BEL,以及 U+0080–U+009F)看不见,却会破坏网页、JUnit 报告等 XML,在终端中还会改变"
         "窗口标题或颜色。它们通常是从别处复制文字时带进来的。换行和 Tab 不算。",
         'update_cycle: "\\e]0;标题\\a"'),
    # --- Excel import ---------------------------------------------------------------------------------
    Code("GW401", "无法读取工作簿", E, "无法导入:{reason}",
         "只能导入 .xlsx 工作簿;加密的工作簿请先取消密码,.xls 请另存为 .xlsx。", "gwstd import 目录.pdf", io=True),
    Code("GW402", "没有找到表头", W, "工作表「{sheet}」中没有找到表头(序号、公开事项、公开内容、公开依据……),已跳过",
         "表头按列名识别,至少要有三个认得的列名。", "(一个只有说明文字的工作表)"),
    Code("GW403", "未识别的列", W, "工作表「{sheet}」{cell} 的列「{header}」未能识别,这一列没有导入",
         "列名按常见写法识别;无法识别的列会被忽略。", "| 经办人 |"),
    Code("GW404", "未识别的公开渠道", W, "工作表「{sheet}」{cell}:渠道「{value}」不在 13 个规定渠道中,已作为“其他”渠道导入",
         "公开渠道按规定的 13 个渠道识别,其余作为“其他”渠道的名称。", "■乡镇广播站"),
    Code("GW405", "不是事项的行", W, "工作表「{sheet}」第 {cell} 行不是事项(没有事项名称):「{text}」,已跳过",
         "每个事项一行;没有事项名称的行(小标题、合计行等)不导入。", "| 合计 | | |"),
    Code("GW406", "无法识别的取值", W, "工作表「{sheet}」{cell}:{label}「{value}」不在规定范围内,原样导入",
         "原样导入后 gwstd validate 会指出这一行,请改为规定的取值。", "更新周期:看情况"),
    Code("GW407", "输出文件已存在", E, "{target} 已存在,为避免覆盖没有导入;请换一个输出目录或加 --force",
         "导入不会覆盖已有的目录文件。", "gwstd import 旧目录.xlsx -o catalog   # catalog/ 中已有文件", io=True),
    Code("GW408", "没有导入任何事项", E, "在 {source} 中没有找到任何事项",
         "工作簿中没有可识别的目录表。", "(一个空白工作簿)"),
    Code("GW409", "重复的表头行", I, "工作表「{sheet}」第 {cell} 行是重复的表头(分页打印时复制的表头):「{text}」,已跳过",
         "表格中间再次出现的表头行不是事项,不导入。", "| 序号 | 公开事项 | 公开内容 | …(第 30 行,分页处)"),
    Code("GW410", "没有三级事项名称的事项", I,
         "工作表「{sheet}」第 {rows} 行的三级事项为空,{what}",
         "有三级事项列的表中,三级事项为空而二级事项有名称的行,是在二级命名的事项;请核对是否漏填了三级事项。",
         "| 政务服务 | 办事指南 | (空) | …"),
    Code("GW411", "电话按先后拆分", I,
         "工作表「{sheet}」{cell}:「{value}」没有标明哪个是咨询电话,按先后拆分为咨询电话「{consult}」、"
         "监督举报电话「{supervise}」",
         "咨询及监督举报电话写在同一格、又没有“咨询”“监督”“举报”“投诉”等字样时,第一个号码作为咨询电话,其余作为"
         "监督举报电话;请核对。", "0838-1234567 0838-7654321"),
    Code("GW412", "只有一个电话号码", W,
         "工作表「{sheet}」{cell}:只有一个号码「{value}」,没有标明用途,作为咨询电话导入,监督举报电话空缺",
         "咨询及监督举报电话一格中只有一个未标明的号码时,作为咨询电话;监督举报电话请补充。", "0838-1234567"),
    Code("GW413", "公开渠道是一段文字", W,
         "工作表「{sheet}」{cell}:公开渠道「{value}」是一段文字而不是渠道清单,原文作为“其他”渠道保留;"
         "认出并勾选的渠道:{channels}",
         "公开渠道写成一句话时,原文整段保留为“其他”渠道的名称,只勾选其中明确写出的规定渠道;请改为勾选清单。",
         "政府网站、报刊或其他便于公众知晓的方式"),
    Code("GW414", "文字当作勾选", I,
         "工作表「{sheet}」{cell}:「{value}」写在勾选列「{label}」中,视为勾选,并把「{kept}」记入备注",
         "公开对象、公开方式、公开层级列中写的是文字(如“申请人”)而不是 √ 时,视为勾选,文字记入事项的备注"
         "(note),不会丢失;“否”“×”“无”“-”不算勾选。", "| 特定群体:申请人 |"),
    Code("GW415", "公式没有计算结果", W,
         "工作表「{sheet}」{cell} 是公式「{formula}」,工作簿中没有保存它的计算结果,按空白导入;"
         "请在 Excel 或 WPS 中打开、保存后再导入",
         "导入读取工作簿保存的公式计算结果;由程序生成、从未在 Excel/WPS 中打开计算过的工作簿没有结果。",
         "=A1   # 由程序写入、未计算的公式"),
    Code("GW416", "有工作簿无法读取,全部未导入", E,
         "{failed} 无法读取,没有导入任何工作簿,也没有写入任何文件(导入几个工作簿时,要么全部导入,要么都不导入)",
         "一次导入几个工作簿时,只要有一个无法读取,就都不导入,以免生成缺少领域的目录;修复或去掉那个文件后再导入。",
         "gwstd import 甲.xlsx 损坏的.xlsx -o catalog"),
    Code("GW417", "工作表无法读取", E, "工作表「{sheet}」无法读取({reason}),没有导入任何工作簿",
         "工作表的内容超出了导入能处理的范围;请把这个工作表另存为普通表格(去掉特殊对象)后再导入,并报告这个问题。",
         "(一个内容损坏的工作表)"),
    Code("GW418", "名称沿用上一行", I,
         "工作表「{sheet}」{parts}为空,沿用上一行的名称",
         "一级事项(有三级事项时也包括二级事项)没有合并单元格、只在第一行填写时,下面空着的行属于上一行的事项;"
         "请核对。", "| 招生入学 | 划片范围 |\n|          | 入学条件 |"),
    Code("GW419", "单元格是错误值", W,
         "工作表「{sheet}」{cell} 是错误值「{value}」(公式计算出错),按空白导入",
         "#REF!、#N/A、#VALUE! 等是公式出错的结果,不是目录的内容;请在 Excel 或 WPS 中改正公式后再导入。",
         "#REF!"),
    Code("GW430", "同上", I,
         "工作表「{sheet}」{cells} 写的是“同上”,已按上一个事项的内容导入",
         "“同上”“如上”表示与上一个事项相同:导入时照抄上一个事项同一列的内容,请核对。", "| 公开依据 | 同上 |"),
    Code("GW217", "范围要点编号重复", E, "范围要点编号「{id}」重复(「{other}」一节中已有)",
         "范围指引(基准文件)中的要点编号必须唯一。", "- id: zd-01\n…\n- id: zd-01"),
    # --- merging an edited book back (gwstd import --into) ----------------------------------------------
    Code("GW420", "事项编号重复", E, "工作表「{sheet}」第 {row} 行:事项编号「{id}」在工作簿中出现了两次(另见工作表「{other}」第 {other_row} 行)",
         "按事项编号合并时,每个编号只能出现在一行。复制一行来新增事项时,请清空新行的事项编号,导入时会自动编号。",
         "两行的事项编号都是 jy-zs-001"),
    Code("GW421", "事项编号属于其他领域", E, "工作表「{sheet}」第 {row} 行:事项编号「{id}」是「{other}」领域的编号格式,目录中没有这个事项",
         "新增的事项请清空事项编号,导入时按本领域的编号格式自动编号;手写编号时请用本领域的前缀。",
         "义务教育工作表中新增一行,事项编号写 zd-bp-009"),
    Code("GW422", "事项移到了其他领域", E, "工作表「{sheet}」第 {row} 行:事项「{id}」属于「{other}」领域({where}),不能移到本工作表",
         "一个事项只能在自己领域的工作表中修改;要把事项移到其他领域,请在那个领域新增事项(清空事项编号),再删除原事项。",
         "把征地补偿工作表中的一行剪切粘贴到义务教育工作表"),
    Code("GW423", "公开主体不存在", E, "工作表「{sheet}」第 {row} 行:公开主体「{name}」不在部门名册中",
         "公开主体按部门名称对应到 catalog.yaml 的部门名册(目录说明工作表中的部门名册)。请使用名册中的名称。"
         "新部门请先加入名册:在目录说明工作表的部门名册下新增一行,填写部门名称、责任人、电话,并在“部门编号”列填写"
         "一个新的编号(小写字母、数字、- 或 _,如 tongji),导入时一并加入 catalog.yaml;或者先在 catalog.yaml 的 "
         "departments 中添加这个部门,再重新导入。", "公开主体写成“教育局”,名册中是“示例县教育局”"),
    Code("GW424", "领域不在目录中", E, "工作表「{sheet}」对应的领域「{domain}」在 {target} 中没有领域文件",
         "合并只更新已有的领域文件;新领域请先用 gwstd import -o 导入或手工建立领域文件。",
         "在工作簿中新增了一个“社会救助”工作表"),
    Code("GW425", "工作簿中没有这个事项", W, "事项「{id} {name}」({domain})不在工作簿中{action}",
         "工作簿中删除了这一行。只有加上 --delete 才会从 YAML 文件中删除这个事项;不加时保持不变,只作提示。",
         "在 Excel 中删除了事项 jy-zs-004 所在的行"),
    Code("GW426", "事项编号无效", E, "工作表「{sheet}」第 {row} 行:事项编号「{id}」无效,只能由字母、数字、点、下划线和连字符组成",
         "事项编号不在表中打印,用于按编号合并。新增事项请清空事项编号,导入时会自动编号。", "事项编号写成“招生 1”"),
    Code("GW427", "工作表没有事项编号列", E, "工作表「{sheet}」没有“事项编号”列,无法按编号合并",
         "只能合并由 gwstd build 生成的工作簿:它的每个领域工作表在打印区域之外有“事项编号”列。其他来源的 Excel "
         "目录请用 gwstd import -o 导入到新的文件夹。", "gwstd import 县里原来的目录.xlsx --into catalog"),
    Code("GW428", "领域没有工作表", W, "工作簿中没有「{domain}」领域的工作表,{target} 保持不变",
         "工作簿中删除了整个领域的工作表时,不会因此删除这个领域的事项。", "删除了“公共资源交易”工作表"),
    Code("GW429", "无法合并到目录", E, "无法合并到 {target}:{reason}",
         "--into 给出的文件夹中要有 catalog.yaml 和领域文件,文件要能读取(UTF-8 编码)并且可以写入。",
         "gwstd import 目录.xlsx --into 不存在的文件夹", io=True),
    Code("GW431", "新部门没有加入名册", W, "工作表「{sheet}」第 {row} 行:新部门「{name}」{reason},没有加入 {target} 的部门名册",
         "目录说明工作表的部门名册中新增的部门,要有一个新的部门编号(小写字母、数字、- 或 _,如 tongji)才能加入 "
         "catalog.yaml 的部门名册:请在这一行的“部门编号”列填写编号后重新导入,或者先在 catalog.yaml 的 departments "
         "中添加这个部门。在此之前,以它为公开主体的事项无法合并(GW423)。", "部门名册下新增一行“示例县统计局”,部门编号留空"),
    Code("GW432", "工作簿超出上限", E, "无法导入:{reason}",
         "导入的上限:文件 64 MB;解压后共 512 MB(一个工作表 128 MB、共享字符串 64 MB、其他组成部分 16 MB);"
         "10000 个文件、1000 个工作表、200000 个单元格格式;每个工作表 200000 行、1000 列、800 万个单元格(行数×列数)、"
         "200000 个合并单元格,按实际有内容的单元格计算,不看工作表声明的范围。事项目录的工作簿远小于这些上限;超出"
         "说明文件异常或是恶意构造的(如一个单元格写在第 200 万行,或解压后有几 GB 的“压缩炸弹”)。读取在达到上限时"
         "停止,不会耗尽内存。",
         "(一个 5 KB 的工作簿,声明的范围是 A1:XFD1048576)", io=True),
    # --- stopping a command (gwstd.diagnostics.errors) ------------------------------------------------
    Code("GW501", "输出文件无法写入", E, "{reason}",
         "报告、目录书或目录文件无法写入:输出文件夹不存在或没有写入权限、目标是一个文件夹、文件正在 Excel 或 WPS "
         "中打开等。原来的文件保持不变(先写临时文件再改名)。",
         "gwstd validate -f junit -o 不存在的文件夹/report.xml", io=True),
    Code("GW502", "版本无法读取", E, "{reason}",
         "gwstd diff 或 gwstd build --since 给出的版本既不是目录文件夹,也不是 git 仓库中可读取的版本(提交、标签"
         "或分支),或者其中没有 catalog.yaml。", "gwstd diff v2099 HEAD   # 没有 v2099 这个标签", io=True),
    Code("GW503", "模板错误", E, "模板错误:{reason}",
         "HTML 目录的模板(通常是 --templates 文件夹中自定义的模板)有语法错误或无法渲染;消息给出模板文件和行号。",
         "{% block content %}  # 缺少 {% endblock %}", io=True),
    Code("GW504", "未生成 PDF 目录", I, "{reason}",
         "gwstd 用本机的浏览器(Microsoft Edge、Google Chrome 或 Chromium)打印网页目录生成 PDF 目录。没有找到浏览器"
         "时,Excel 目录和网页目录照常生成,只是没有 PDF;安装其中一个浏览器,或用 --browser(环境变量 "
         "GWSTD_BROWSER)指明浏览器程序的位置,再运行 gwstd build 即可。",
         "gwstd build --only pdf   # 本机没有 Edge、Chrome 或 Chromium"),
    Code("GW505", "PDF 目录生成失败", E, "PDF 目录生成失败:{reason}",
         "找到了浏览器,但它没有按时打印出 PDF(崩溃、超时,或版本太旧不支持无界面打印)。消息给出浏览器程序和原因;"
         "可以用 --browser 换一个浏览器。原来的 PDF 保持不变。",
         "gwstd build --browser /usr/bin/false", io=True),
]

CODES: dict[str, Code] = {c.code: c for c in _CODES}


def make(code: str, *, file: str = "", line: int = 0, column: int = 0, path: JsonPath = (),
         hint: str = "", severity: Severity | None = None, **fields: object) -> Diagnostic:
    """Build a diagnostic from the catalogue: the message is the code's template filled with ``fields``."""
    entry = CODES[code]
    return Diagnostic(
        code=code,
        severity=entry.severity if severity is None else severity,
        message=entry.template.format(**fields),
        file=file,
        line=line,
        column=column,
        path=tuple(path),
        hint=hint,
    )


def is_io(code: str) -> bool:
    entry = CODES.get(code)
    return bool(entry and entry.io)
