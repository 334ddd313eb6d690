"""`{% newsroom_desk %}`: the desk of the signed-in user, on the admin's home page."""

from django import template

from articles.admin.desk import desk_for

register = template.Library()


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def newsroom_desk(context):
    request = context.get("request")
    return desk_for(request.user if request is not None else None)
