from django import template

register = template.Library()


@register.inclusion_tag("certificates/includes/learner_certificates.html", takes_context=True)
def learner_certificates(context) -> dict:
    """The learner's certificates for the dashboard (filled in by the certificates app)."""
    return {"certificates": [], "request": context.get("request")}
