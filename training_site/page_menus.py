"""Entries that apps add to a page's admin menus (the explorer's "More" and the editor's
header) for one page type, shown to those who may edit the page."""

from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem


class EditorPageMenuItem(PageMenuItem):
    """A menu entry of a page for the users who may edit it."""

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def page_menu_item_register(
    item_class: type[EditorPageMenuItem], *, page_model, listing_priority: int, header_priority: int
) -> None:
    """Add `item_class` to the explorer's "More" menu and the editor's header of every page of
    `page_model` (or a subclass)."""

    def items(page, priority: int):
        if issubclass(page.specific_class or type(page), page_model):
            yield item_class(page=page, priority=priority)

    hooks.register(
        "register_page_listing_more_buttons",
        lambda page, user, next_url=None: items(page, listing_priority),
    )
    hooks.register(
        "register_page_header_buttons",
        lambda page, user, view_name, next_url=None: items(page, header_priority),
    )
