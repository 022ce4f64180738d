"""The e-mails of moderation: one to each moderator per submission, and to the member who
submitted, what the moderator decided, with their comment.

- Wagtail already e-mails the submitter on approval and rejection; its rejection e-mail
  carries the moderator's comment, its approval e-mail does not. The approval notifier
  here adds the comment of the approving task.
- Wagtail e-mails a submission once for the workflow (to every superuser) and once for
  its first task (to the task's group, and every superuser): a superuser who moderates
  got two. The submission notifier here leaves out whoever the task's e-mail reaches.
"""

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_submitted

DISPATCH_UID = "workflow_state_approved_email_notification"
SUBMITTED_DISPATCH_UID = "workflow_state_submitted_email_notification"


class ApprovalWithCommentNotifier(WorkflowStateApprovalEmailNotifier):
    def get_context(self, workflow_state, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        last = workflow_state.task_states.filter(status="approved").order_by("-finished_at").first()
        context["comment"] = last.specific.get_comment() if last else ""
        return context


class SubmissionOnceNotifier(WorkflowStateSubmissionEmailNotifier):
    task_notifier = GroupApprovalTaskStateSubmissionEmailNotifier()

    def get_recipient_users(self, workflow_state, **kwargs):
        recipients = super().get_recipient_users(workflow_state, **kwargs)
        task_state = workflow_state.current_task_state
        if task_state is not None and self.task_notifier.can_handle(task_state, **kwargs):
            reached = self.task_notifier.get_recipient_users(task_state, **kwargs)
            recipients = recipients.exclude(pk__in=reached.values("pk"))
        return recipients


# Module-level instances: signals hold receivers by weak reference.
approval_notifier = ApprovalWithCommentNotifier()
submission_notifier = SubmissionOnceNotifier()


def connect():
    """Take the place of Wagtail's notifiers (same dispatch_uid and sender, whichever app
    loads first)."""
    workflow_approved.disconnect(sender=WorkflowState, dispatch_uid=DISPATCH_UID)
    workflow_approved.connect(approval_notifier, sender=WorkflowState, dispatch_uid=DISPATCH_UID)
    workflow_submitted.disconnect(sender=WorkflowState, dispatch_uid=SUBMITTED_DISPATCH_UID)
    workflow_submitted.connect(
        submission_notifier, sender=WorkflowState, dispatch_uid=SUBMITTED_DISPATCH_UID
    )
