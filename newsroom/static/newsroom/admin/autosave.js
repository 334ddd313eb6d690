'use strict';
// Nothing lost on the article form (articles/admin/autosave.py says what the server does).
//
// - "server" mode (a draft, or one waiting for review): the title, sapo and body are posted to
//   the autosave address at most every few seconds while they change; never a revision, never
//   a publication.
// - "local" mode (a new article, not saved yet): the same words are kept in this browser
//   (localStorage) and offered back when the add page is opened again.
// - every mode: a warning before leaving the page with changes not saved.
{
    const WORDS = ['title', 'lead', 'body'];
    let bodyEditor = null;
    // django-prose-editor announces its editor (a Tiptap editor) on the body's textarea.
    document.addEventListener('prose-editor:ready', (event) => {
        if (event.detail && event.detail.textarea && event.detail.textarea.name === 'body') {
            bodyEditor = event.detail.editor;
        }
    });

    const start = () => {
        const status = document.getElementById('autosave-status');
        if (!status || !status.dataset.mode) {
            return;
        }
        const form = document.getElementById(status.dataset.form) || status.closest('form');
        if (!form) {
            return;
        }
        const mode = status.dataset.mode;
        const every = Math.max(2, Number(status.dataset.seconds) || 5) * 1000;
        const value = (name) => {
            const field = form.elements.namedItem(name);
            return field && 'value' in field ? field.value : '';
        };
        const words = () => JSON.stringify(WORDS.map(value));
        const others = () => {
            const parts = [];
            for (const [name, entry] of new FormData(form).entries()) {
                if (name !== 'csrfmiddlewaretoken' && !WORDS.includes(name) && typeof entry === 'string') {
                    parts.push(`${name}=${entry}`);
                }
            }
            return parts.join('&');
        };
        const say = (text, isError) => {
            status.textContent = text;
            status.classList.toggle('error', Boolean(isError));
        };
        const clock = () => new Date().toTimeString().slice(0, 8);

        let touched = false;
        let submitting = false;
        let savedWords = words();
        let savedOthers = others();
        let inFlight = false;
        const dirty = () => touched && !submitting && (words() !== savedWords || others() !== savedOthers);
        const touch = () => {
            touched = true;
        };
        form.addEventListener('input', touch);
        form.addEventListener('change', touch);
        form.addEventListener('keydown', touch);
        form.addEventListener('submit', () => {
            submitting = true;
        });
        // The editor may tidy its HTML once drawn: what it shows then counts as unchanged.
        window.addEventListener('load', () => {
            if (!touched) {
                savedWords = words();
                savedOthers = others();
            }
        });
        window.addEventListener('beforeunload', (event) => {
            if (dirty()) {
                event.preventDefault();
                event.returnValue = '';
            }
        });

        if (mode === 'server') {
            const token = form.elements.namedItem('csrfmiddlewaretoken');
            const save = async () => {
                const current = words();
                if (inFlight || !touched || current === savedWords) {
                    return;
                }
                inFlight = true;
                const data = new FormData();
                WORDS.forEach((name) => data.append(name, value(name)));
                try {
                    const response = await fetch(status.dataset.url, {
                        method: 'POST',
                        body: data,
                        credentials: 'same-origin',
                        headers: {'X-CSRFToken': token ? token.value : ''},
                    });
                    const answer = await response.json().catch(() => ({}));
                    if (response.ok) {
                        savedWords = current;
                        say(`Đã tự động lưu lúc ${answer.saved_at || clock()}.`);
                    } else {
                        say(answer.error || 'Chưa tự động lưu được: hãy bấm “Lưu lại”.', true);
                    }
                } catch (error) {
                    say('Mất kết nối: chưa tự động lưu được. Đừng đóng trang.', true);
                } finally {
                    inFlight = false;
                }
            };
            window.setInterval(save, every);
        }

        if (mode === 'local' && status.dataset.key) {
            const key = status.dataset.key;
            const read = () => {
                try {
                    return JSON.parse(localStorage.getItem(key) || 'null');
                } catch (error) {
                    return null;
                }
            };
            const kept = read();
            if (kept && kept.words && JSON.stringify(kept.words) !== savedWords) {
                const offer = document.createElement('span');
                offer.textContent = `Có bài đang viết dở, chưa lưu (lúc ${kept.at}). `;
                const restore = document.createElement('button');
                restore.type = 'button';
                restore.className = 'button';
                restore.id = 'autosave-restore';
                restore.textContent = 'Khôi phục';
                const drop = document.createElement('button');
                drop.type = 'button';
                drop.className = 'button';
                drop.textContent = 'Bỏ bản này';
                status.replaceChildren(offer, restore, ' ', drop);
                restore.addEventListener('click', () => {
                    WORDS.forEach((name, index) => {
                        const field = form.elements.namedItem(name);
                        if (!field) {
                            return;
                        }
                        if (name === 'body' && bodyEditor) {
                            bodyEditor.commands.setContent(kept.words[index] || '');
                        }
                        field.value = kept.words[index] || '';
                    });
                    touched = true;
                    say('Đã khôi phục bài đang viết dở: hãy bấm “Lưu lại” để lưu lên máy chủ.');
                });
                drop.addEventListener('click', () => {
                    localStorage.removeItem(key);
                    say('');
                });
            }
            window.setInterval(() => {
                const current = words();
                if (touched && !submitting && current !== savedWords) {
                    try {
                        localStorage.setItem(key, JSON.stringify({words: JSON.parse(current), at: clock()}));
                        say(`Đã giữ bài đang viết trên máy này lúc ${clock()} (chưa lưu lên máy chủ).`);
                    } catch (error) {
                        say('Trình duyệt không cho giữ bài: hãy bấm “Lưu lại”.', true);
                    }
                }
            }, every);
            // Saved for real: the copy in the browser is no longer needed.
            form.addEventListener('submit', () => localStorage.removeItem(key));
        }
    };
    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', start);
    } else {
        start();
    }
}
