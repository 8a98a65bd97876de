"""``{{ recipient|greeting }}``: the one greeting line of the office's e-mails (kmut.mail)."""

from django import template

from kmut import mail

register = template.Library()


@register.filter
def greeting(person, salutation=None):
    return mail.greeting(person, salutation)
