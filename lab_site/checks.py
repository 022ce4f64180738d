"""``manage.py check --deploy``: what a server needs that development does not."""

from django.core.checks import Warning, register

from .mail import sender_problem


@register("lab_site", deploy=True)
def sender_is_set(app_configs, **kwargs):
    problem = sender_problem()
    return [Warning(problem, id="lab_site.W001")] if problem else []
