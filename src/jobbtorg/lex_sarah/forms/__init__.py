"""The forms of lex Sarah's pages, one module per side: filing and designating (`reports`),
the officer's investigation, IVO and closing (`investigation`). They parse; the services decide."""
