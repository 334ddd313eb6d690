'use strict';
// The admin's navigation sidebar starts closed on screens narrower than 1600 px (a 1366 px
// laptop, a tablet), leaving the room to the list and the form; the « button still opens it
// and Django remembers the choice. Runs before admin/js/nav_sidebar.js (deferred).
{
    const key = 'django.admin.navSidebarIsOpen';
    try {
        if (localStorage.getItem(key) === null && window.innerWidth < 1600) {
            localStorage.setItem(key, 'false');
        }
    } catch (error) {
        // Storage refused (private mode): Django's default applies.
    }
}
