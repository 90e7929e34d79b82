"""Type stubs of lamina._core.figures: figures as data, rendered to SVG and HTML."""
from typing import ClassVar, List

class Series:
    """One data series on a figure's axes."""
    class Style:
        line: ClassVar[Style]
        points: ClassVar[Style]
        steps: ClassVar[Style]
        bars: ClassVar[Style]
        def __init__(self, value: int) -> None: ...
        @property
        def name(self) -> str: ...
        @property
        def value(self) -> int: ...
        def __int__(self) -> int: ...
        def __index__(self) -> int: ...
    def __init__(self, x: List[float] = ..., y: List[float] = ..., kind: Series.Style = ..., label: str = '', color: str = '', size: float = 1.5) -> None: ...
    x: List[float]
    y: List[float]
    kind: Series.Style
    label: str
    color: str
    size: float

class Span:
    """A shaded interval on the x axis, optionally limited in y (y0 == y1: full height)."""
    def __init__(self, x0: float, x1: float, y0: float = 0.0, y1: float = 0.0, color: str = ...) -> None: ...
    x0: float
    x1: float
    y0: float
    y1: float
    color: str

class Figure:
    """Axes with series and spans. List properties return copies."""
    def __init__(self) -> None: ...
    title: str
    xlabel: str
    ylabel: str
    logx: bool
    logy: bool
    data: List[Series]
    spans: List[Span]
    width: int
    height: int
    def add_series(self, series: Series) -> None: ...
    def add_span(self, span: Span) -> None: ...

def to_svg(figure: Figure) -> str:
    """Standalone SVG text of a figure."""

class Section:
    """A heading and its HTML."""
    def __init__(self, heading: str, html: str) -> None: ...
    heading: str
    html: str

def html_page(title: str, sections: List[Section]) -> str:
    """A self-contained HTML page of sections."""

def escape_html(text: str) -> str:
    """Escapes &, <, >, " for HTML text."""
