"""Editor panels of quiz pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import HelpPanel


class BankSizePanel(HelpPanel):
    """The online bank's size per objective, beside the draw rules (as last saved)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Online bank"))
        kwargs.setdefault("template", "assessments/admin/bank_size_panel.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            instance = self.instance
            sizes = instance.bank_sizes() if instance is not None and instance.pk else {}
            context.update(
                sizes=sorted(sizes.items(), key=lambda item: (len(item[0]), item[0])),
                total=sum(sizes.values()),
                classroom=len(instance.classroom_questions) if instance and instance.pk else 0,
                draw_size=instance.draw_size if instance is not None and instance.pk else 0,
            )
            return context
