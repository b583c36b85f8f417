"""How many completions the search box offers: the default and the most one may ask for.

Apart from :mod:`search.complete` so that the command line's help can name them without
loading the vocabulary (a command's start is measured in milliseconds)."""

#: Completions offered unless asked for another number.
LIMIT = 8
#: Most completions one may ask for (the API and the command line alike): a list longer
#: than a screen is no help while typing.
MAX_LIMIT = 20
