from django import forms


class ScimTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="Which identity provider will use it, such as “Microsoft Entra ID”.",
    )
