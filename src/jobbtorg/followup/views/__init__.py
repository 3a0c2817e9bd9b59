"""The follow-up pages: the key figures and their tertial report (`key_figures`), the effect
estimate (`effect`)."""
