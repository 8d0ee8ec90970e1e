"""orggraph: knowledge graphs of Vietnamese Party and state organisations from news reports."""

__version__ = "0.1.0"
