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

// The body editor (django-prose-editor) writes a few labels in English without asking the
// translation catalogue: "Paragraph", "Heading 2"… in its block-type menu. They are put in
// Vietnamese here, as the editor draws them.
{
    const labels = {Paragraph: 'Đoạn văn', Styles: 'Kiểu đoạn'};
    const heading = /^Heading (\d)$/;
    const vietnamese = (text) => {
        const trimmed = text.trim();
        if (labels[trimmed]) {
            return labels[trimmed];
        }
        const match = heading.exec(trimmed);
        return match ? `Tiêu đề ${match[1]}` : null;
    };
    const relabel = (root) => {
        root.querySelectorAll('.prose-menubar *').forEach((element) => {
            for (const name of ['title', 'aria-label']) {
                const value = element.getAttribute(name);
                const text = value && vietnamese(value);
                if (text) {
                    element.setAttribute(name, text);
                }
            }
            if (element.children.length === 0 && element.textContent) {
                const text = vietnamese(element.textContent);
                if (text) {
                    element.textContent = text;
                }
            }
        });
    };
    document.addEventListener('DOMContentLoaded', () => {
        if (!document.querySelector('[data-django-prose-editor], .prose-editor')) {
            return;
        }
        relabel(document);
        new MutationObserver(() => relabel(document)).observe(document.body, {
            childList: true,
            subtree: true,
        });
    });
}
