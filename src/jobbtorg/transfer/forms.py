from django import forms
from django.utils.translation import gettext_lazy as _


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File in the transfer format"),
        help_text=_("A .zip of CSV files or an .xlsx workbook, format version 1."),
        error_messages={"required": _("Choose the file to check.")},
    )
