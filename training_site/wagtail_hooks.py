from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_global_admin_js")
def admin_choosers_js():
    """Starts the date and time pickers without inline scripts (see the widget templates)."""
    return format_html('<script src="{}"></script>', static("training_site/js/admin_choosers.js"))
