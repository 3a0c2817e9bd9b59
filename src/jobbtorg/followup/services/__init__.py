"""The follow-up's work: the key figures per tertial (`key_figures`), the committee's tertial
report (`report`, drawn with `charts`) and the effect estimate against a comparison group
(`effect`)."""
