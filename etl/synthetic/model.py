"""What a renderer is given: one report (meta + canonical values) and a style.

A :class:`ReportSpec` is the input of every renderer in ``etl.synthetic``; a
:class:`Style` says which of the real-world layout quirks to put in the file
(blank zeros, GBK bytes, half-width punctuation, label aliases...). Styles are
named by short flags joined with ``+`` (``"gbk+blank_zeros"``) so that test
parametrisation and the demo generator can pass them around as strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from etl.template import TEMPLATE_2019, TEMPLATE_2021, Template, get_template

FEE_KEY = "narrative.processing_fee_yuan"
ITEMS_KEY = "narrative.items_published"

for _t in (TEMPLATE_2019, TEMPLATE_2021):
    assert {FEE_KEY, ITEMS_KEY} <= {f.key for f in _t.narrative}, "narrative keys moved"


@dataclass(frozen=True)
class Style:
    """Layout quirks a rendering may carry; every field defaults to the plain form."""

    blank_zeros: bool = False  # zero cells of a shown table are printed blank (blank = 0)
    halfwidth: bool = False  # （一） → (一), ：→ :, ，→ , as archive sites print them
    fullwidth_digits: bool = False  # 0-9 → ０-９ in table cells
    aliases: bool = (
        False  # use the template's first alias where a label has one (typos, short forms)
    )
    single_other: bool = False  # 2021 report that still prints the single 2019 'other' row
    padded: bool = False  # pipe text: pad each row with empty cells to the grid width
    encoding: str = "utf-8"  # HTML bytes: "utf-8" or "gbk" (declared in a meta charset)
    cell_wrap: str = ""  # HTML cells wrapped in "", "p", "span", "p+span" or "mixed"


#: Flag name → the Style fields it sets.
STYLE_FLAGS: dict[str, dict[str, object]] = {
    "default": {},
    "blank_zeros": {"blank_zeros": True},
    "halfwidth": {"halfwidth": True},
    "fullwidth": {"fullwidth_digits": True},
    "aliases": {"aliases": True},
    "single_other": {"single_other": True},
    "padded": {"padded": True},
    "gbk": {"encoding": "gbk"},
    "p": {"cell_wrap": "p"},
    "span": {"cell_wrap": "span"},
    "p_span": {"cell_wrap": "p+span"},
    "mixed_wrap": {"cell_wrap": "mixed"},
    # A few bundles seen together in the wild.
    "archive": {"halfwidth": True, "aliases": True},
    "legacy_site": {"encoding": "gbk", "cell_wrap": "p+span", "blank_zeros": True},
}


def resolve_style(style: str | Style | None) -> Style:
    """A Style from a flag string such as ``"gbk+blank_zeros"`` (or a Style as is)."""
    if isinstance(style, Style):
        return style
    out = Style()
    for flag in filter(None, (style or "default").split("+")):
        try:
            settings = STYLE_FLAGS[flag.strip()]
        except KeyError:
            known = ", ".join(STYLE_FLAGS)
            raise ValueError(f"unknown style flag {flag!r}; known: {known}") from None
        out = replace(out, **settings)  # type: ignore[arg-type]
    if out.encoding not in ("utf-8", "gbk"):
        raise ValueError(f"unsupported encoding {out.encoding!r}")
    return out


def style_flags(style: Style) -> str:
    """The shortest flag string that resolves back to ``style`` (for file names)."""
    single = {k: v for k, v in STYLE_FLAGS.items() if len(v) == 1}
    default = Style()
    parts = [
        name
        for f in fields(Style)
        if getattr(style, f.name) != getattr(default, f.name)
        for name, setting in single.items()
        if setting == {f.name: getattr(style, f.name)}
    ]
    return "+".join(parts) or "default"


@dataclass
class ReportSpec:
    """One report to render: meta, canonical values and prose options.

    ``values`` maps canonical keys to numbers; a key that is missing is not shown
    (a table whose keys are all missing is left out). ``narrative`` takes
    ``fee_yuan`` (information-processing fee, 0 → 未收取), ``items_published`` and
    ``applications`` (handled requests, default ``apply.new.total``); when a
    narrative option is missing the matching ``narrative.*`` value is used.
    """

    agency: str
    year: int
    template: str
    values: dict[str, float]
    narrative: dict[str, float | int | None] = field(default_factory=dict)
    style: str = "default"
    published_on: str | None = None  # the web page's 发布时间 (default: 20 January, on time)
    own_prose: tuple[str, ...] = ()  # the organ's own paragraphs for parts 一 and 五

    @property
    def template_def(self) -> Template:
        """The template object this report follows."""
        return get_template(self.template)

    @property
    def fee_yuan(self) -> float | None:
        """Information-processing fee in yuan, or None when the report does not say."""
        fee = self.narrative.get("fee_yuan")
        return self.values.get(FEE_KEY) if fee is None else float(fee)

    @property
    def items_published(self) -> int | None:
        """Items published proactively as stated in part 1, or None."""
        items = self.narrative.get("items_published")
        if items is None:
            items = self.values.get(ITEMS_KEY)
        return None if items is None else int(items)

    @property
    def applications(self) -> int | None:
        """Requests received this year as stated in part 1, or None."""
        count = self.narrative.get("applications")
        if count is None:
            table = self.template_def.table("apply")
            count = self.values.get(table.cell_key("new", "total"))
        return None if count is None else int(count)
