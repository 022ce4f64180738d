"""Tell the member who submitted profile changes what the moderator decided, with their comment.

Wagtail already e-mails the submitter on approval and rejection; its rejection e-mail
carries the moderator's comment, its approval e-mail does not. This notifier replaces
Wagtail's approval notifier with one that adds the comment of the approving task.
"""

from wagtail.admin.mail import WorkflowStateApprovalEmailNotifier
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved

DISPATCH_UID = "workflow_state_approved_email_notification"


class ApprovalWithCommentNotifier(WorkflowStateApprovalEmailNotifier):
    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        last = workflow_state.task_states.filter(status="approved").order_by("-finished_at").first()
        context["comment"] = last.specific.get_comment() if last else ""
        return context


# A module-level instance: signals hold receivers by weak reference.
approval_notifier = ApprovalWithCommentNotifier()


def connect():
    """Take the place of Wagtail's notifier (same dispatch_uid and sender, whichever app loads first)."""
    workflow_approved.disconnect(sender=WorkflowState, dispatch_uid=DISPATCH_UID)
    workflow_approved.connect(approval_notifier, sender=WorkflowState, dispatch_uid=DISPATCH_UID)
