"""The portal's own date formats, one module per language (settings.FORMAT_MODULE_PATH).

Only names Django has no format for live here; everything else (DATE_FORMAT, TIME_FORMAT, the
decimal separator) is Django's own for the language. Plain Swedish (sv-x-lattlast, locale
sv_X-lattlast) has no module of its own: Django falls back to the language's first part, sv.
"""
