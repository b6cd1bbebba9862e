"""Render a report as a government web page (bytes, UTF-8 or GBK).

The page has what a real 政府信息公开 site wraps around an article: header,
navigation bar, breadcrumb, article title and info line, a share bar and a
footer. The report sits in ``div#zoom.TRS_Editor``; parts 二, 三 and 四 are
``<table>`` elements with real ``rowspan``/``colspan`` drawn from the layout grid.
Style flags: ``gbk`` (GBK bytes with a legacy ``http-equiv`` charset),
``p``/``span``/``p_span`` (cell text wrapped in ``<p>``/``<span>`` as editors
leave it; ``mixed_wrap`` wraps label cells only), ``blank_zeros`` (zero cells printed as ``&nbsp;``); empty cells are
always ``&nbsp;``.
"""

from __future__ import annotations

from html import escape

from etl.synthetic.layout import Block, Cell, Grid, report_blocks
from etl.synthetic.model import ReportSpec, Style, resolve_style

_NAV = ("首页", "政务公开", "政务服务", "互动交流", "数据发布", "走进本地")
_CRUMBS = ("首页", "政务公开", "法定主动公开内容", "政府信息公开年报")
_TABLE_ATTRS = (
    'border="1" cellspacing="0" cellpadding="0" align="center" '
    'style="border-collapse:collapse;width:100%;border:none;"'
)
_TD_STYLE = "border:1px solid #000;padding:2px 4px;text-align:center;vertical-align:middle;"


def _wrap(inner: str, style: Style, cell: Cell | None = None) -> str:
    """Wrap cell text the way rich-text editors do (``<p>``, ``<span>``, ``<strong>``)."""
    if cell is not None and cell.role == "title":
        inner = f"<strong>{inner}</strong>"
    wrap = style.cell_wrap
    if wrap == "mixed":  # an editor touched the labels only: numbers stay bare
        wrap = "p+span" if cell is None or cell.key is None else ""
    if "span" in wrap:
        inner = f'<span style="font-family:宋体;font-size:12px;">{inner}</span>'
    if "p" in wrap.split("+"):
        inner = f'<p style="margin:0;text-align:center;line-height:20px;">{inner}</p>'
    return inner


def _cell_html(cell: Cell, style: Style) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    text = escape(cell.text, quote=False) if cell.text else "&nbsp;"
    align = "left" if cell.role == "label" and cell.col > 0 else "center"
    css = _TD_STYLE.replace("text-align:center", f"text-align:{align}")
    return f'<td{attrs} style="{css}">{_wrap(text, style, cell)}</td>'


def grid_to_html(grid: Grid, style: Style) -> str:
    """One ``<table>`` with the grid's rowspan/colspan."""
    rows = []
    for row in grid.rows():
        cells = "".join(_cell_html(c, style) for c in row)
        rows.append(f"<tr>{cells}</tr>")
    body = "\n".join(rows)
    return f'<table class="MsoNormalTable" {_TABLE_ATTRS}>\n<tbody>\n{body}\n</tbody>\n</table>'


def _block_html(block: Block, style: Style) -> str:
    if block.grid is not None:
        return grid_to_html(block.grid, style)
    text = escape(block.text, quote=False)
    if block.kind == "title":
        return f'<p style="text-align:center;"><strong>{text}</strong></p>'
    if block.kind == "heading":
        return f'<p style="text-indent:2em;"><strong>{text}</strong></p>'
    if style.cell_wrap:
        return f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{_wrap(text, Style(cell_wrap='span'))}</p>"
    return f'<p style="text-indent:2em;">{text}</p>'


def _page(spec: ReportSpec, style: Style, content: str) -> str:
    title = f"{spec.agency}{spec.year}年度政府信息公开工作年度报告"
    if style.encoding == "gbk":
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
    else:
        meta = '<meta charset="utf-8">'
    nav = "".join(f'<li><a href="/col/{i}/">{n}</a></li>' for i, n in enumerate(_NAV))
    crumbs = " &gt; ".join(f'<a href="/col/{i}/">{c}</a>' for i, c in enumerate(_CRUMBS))
    agency = escape(spec.agency)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<meta name="ArticleTitle" content="{escape(title)}">
<meta name="PubDate" content="{spec.year + 1}-01-20 09:30">
<title>{escape(title)}_{agency}</title>
<link rel="stylesheet" href="/css/common.css">
<script src="/js/jquery.min.js"></script>
</head>
<body>
<div class="top-bar"><span>欢迎访问{agency}网站</span>
<a href="/search/">搜索</a> | <a href="/wza/">无障碍</a> | <a href="/en/">English</a></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="{agency}"></div>
<ul class="nav">{nav}</ul></div>
<div class="location">当前位置：{crumbs}</div>
<div class="main">
<div class="article">
<h1 class="article-title">{escape(title)}</h1>
<div class="article-info">发布时间：{spec.published_on or f"{spec.year + 1}-01-20"} 来源：{agency} 浏览次数：<span id="hits">0</span>
字号：[<a href="javascript:void(0)">大</a> <a href="javascript:void(0)">中</a>
<a href="javascript:void(0)">小</a>]</div>
<div class="TRS_Editor" id="zoom">
{content}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a>
<a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a>
</div>
</div>
</div>
<div class="footer"><p>主办单位：{agency} 网站标识码：1306000000 备案号：冀ICP备00000000号</p>
<p>建议使用1920×1080分辨率 IE9以上浏览器</p></div>
</body>
</html>
"""


def render_html(spec: ReportSpec, style: Style | str | None = None) -> bytes:
    """The report as a whole web page, encoded as the style says."""
    st = resolve_style(spec.style if style is None else style)
    content = "\n".join(_block_html(b, st) for b in report_blocks(spec, st))
    page = _page(spec, st, content)
    return page.encode("gbk" if st.encoding == "gbk" else "utf-8", errors="xmlcharrefreplace")
