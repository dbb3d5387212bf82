// The browser test: load pages in headless Chromium (Debian's package,
// driven by playwright-core) at a desktop and a phone width, and check
// what a reader would see. Run by t/15-browser.t, which turns the lines
// printed here into TAP:
//
//   node t/browser/check.mjs --out DIR NAME=URL...
//
// prints "PASS\tcheck", "FAIL\tcheck\twhy", and, when Chromium cannot be
// used at all, one line "SKIP\twhy". NAME "seed" is the card page, whose
// cards must form a grid; every page must have a sidebar, and every
// "On this page" link must lead to an element of the page. A page given
// "--cards NAME=JSON" (a list of {title, href}, from its Markdown) has
// components: each card must show its title, linked where the card says,
// the cards of a grid must sit side by side on a desktop, the badges
// must show, and no element may be left that HTML does not know (a
// component the server did not expand). Every page links the built-in
// stylesheet: it must load with a 200 and apply, and a second view of
// the page must take it from the browser's cache. "--inline URL" names a
// page with the stylesheet inline (LandingStylesheet inline): styled, and
// with no request for a stylesheet. Chromium is Debian's
// /usr/bin/chromium, or the binary LANDING_CHROMIUM names.
import { mkdirSync } from 'node:fs';

const CHROMIUM = process.env.LANDING_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
              '--disable-quic', '--no-first-run',
              '--disable-background-networking',
              '--disable-component-update', '--disable-sync'];
// A desktop window, the same desktop much taller, and a phone.
const VIEWPORTS = [{ width: 1280, height: 800 }, { width: 1280, height: 1800 },
                   { width: 390, height: 844 }];
// The H1's top may lie at most this far below the header's bottom, at
// every window size: room for the breadcrumbs and, on a phone, the one
// row of "Menu" and "On this page".
const MAX_H1_GAP = 150;

let outDir = 't/artifacts';
const pages = [];
const searches = [];
const expectCards = {};
let inlineUrl = null;
for (let i = 2; i < process.argv.length; i++) {
    const a = process.argv[i];
    if (a === '--out') {
        outDir = process.argv[++i];
    } else if (a === '--inline') {
        inlineUrl = process.argv[++i];
    } else if (a === '--search') {
        // --search PAGE-URL=QUERY: type QUERY into PAGE-URL's header search
        // box, submit it, and follow the first result to its heading.
        const v = process.argv[++i], eq = v.indexOf('=');
        searches.push({ url: v.slice(0, eq), query: v.slice(eq + 1) });
    } else if (a === '--cards') {
        const v = process.argv[++i], eq = v.indexOf('=');
        expectCards[v.slice(0, eq)] = JSON.parse(v.slice(eq + 1));
    } else {
        const eq = a.indexOf('=');
        pages.push({ name: a.slice(0, eq), url: a.slice(eq + 1) });
    }
}

const say = (...cols) => console.log(cols.join('\t').replace(/\n/g, ' '));
const check = (ok, name, why) => ok ? say('PASS', name) : say('FAIL', name, why || '');

let chromium;
try {
    ({ chromium } = await import('playwright-core'));
} catch (e) {
    say('SKIP', `playwright-core is not installed (npm ci): ${e.message.split('\n')[0]}`);
    process.exit(0);
}

let browser;
try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30000 });
} catch (e) {
    say('SKIP', `Chromium cannot start (${CHROMIUM}): ${e.message.split('\n')[0]}`);
    process.exit(0);
}
mkdirSync(outDir, { recursive: true });

// Boxes of the elements matching @sel, in page coordinates.
const boxes = (page, sel) => page.$$eval(sel, els => els.map(e => {
    const r = e.getBoundingClientRect();
    return { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, width: r.width };
}));

// Is the element shown: rendered (not in a closed <details>, not
// display: none or visibility: hidden) and with a box that has an area.
const shown = (page, sel) => page.$eval(sel, e => {
    const r = e.getBoundingClientRect();
    return e.checkVisibility({ visibilityProperty: true }) && r.width > 0 && r.height > 0;
}).catch(() => false);

// Site search from the header: the box shows and fits at this width,
// the page has no script, submitting the form (Enter) lists results with
// the words marked, and the first result opens its page at the heading.
async function searchChecks(s, width) {
    const tag = `search@${width}`;
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    contexts++;    /* its pages fetch the stylesheet once, as any context's */
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', e => errors.push(e.message));
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
    const wide = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    const input = 'header form[role="search"][method="get"] input[name="q"]';

    await page.goto(s.url, { waitUntil: 'load', timeout: 20000 });
    check(await shown(page, input), `${tag}: the header has a search box`);
    const box = (await boxes(page, input))[0];
    check(box && box.left >= 0 && box.right <= width && box.width >= 80,
          `${tag}: the search box fits the window`, JSON.stringify(box));
    let overflow = await wide();
    check(overflow <= 0, `${tag}: no horizontal scrolling with the search box`, `${overflow}px too wide`);
    check(await page.evaluate(() => document.scripts.length) === 0, `${tag}: no script on the page`);

    await page.fill(input, s.query);
    await Promise.all([page.waitForNavigation({ timeout: 20000 }), page.press(input, 'Enter')]);
    const sent = new URL(page.url()).searchParams.get('q');
    check(sent === s.query, `${tag}: the form sends the query`, page.url());
    const links = await page.$$eval('.search-results a.search-title', as => as.map(a => a.getAttribute('href')));
    check(links.length > 0, `${tag}: the results page lists results`, page.url());
    check(await shown(page, '.search-results mark'), `${tag}: matched words are marked`);
    check(await shown(page, '.site-header'), `${tag}: the results page has the site's chrome`);
    overflow = await wide();
    check(overflow <= 0, `${tag}: the results page does not scroll sideways`, `${overflow}px too wide`);
    await page.screenshot({ path: `${outDir}/search-${width}.png`, fullPage: true });

    if (links.length) {
        await Promise.all([page.waitForNavigation({ timeout: 20000 }),
                           page.click('.search-results a.search-title')]);
        const id = decodeURIComponent(new URL(page.url()).hash.slice(1));
        check(id.length > 0, `${tag}: the first result links to a heading`, page.url());
        const target = await page.evaluate(id => {
            const e = document.getElementById(id);
            if (!e || !/^H[2-6]$/.test(e.tagName)) return null;
            const r = e.getBoundingClientRect();
            return { top: r.top, bottom: r.bottom, height: innerHeight };
        }, id);
        check(target && target.top >= -1 && target.bottom <= target.height,
              `${tag}: the result opens its page at that heading`, JSON.stringify(target));
    }
    check(errors.length === 0, `${tag}: no console errors`, errors.join(' | '));
    await context.close();
}

// The cards, badges and leftovers of a page with components.
async function componentChecks(page, res, tag, width, expected) {
    const html = await res.text();
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const left = main.match(/<\/?[A-Z][\w-]*/g) || [];
    check(left.length === 0, `${tag}: no component tag left in the HTML`, left.join(' '));
    const unknown = await page.$$eval('body *', els => els
        .filter(e => e instanceof HTMLUnknownElement).map(e => e.localName));
    check(unknown.length === 0, `${tag}: no element HTML does not know`, unknown.join(' '));

    const cards = await page.$$eval('.landing-card', els => els.map(card => {
        const a = card.querySelector('.main-card__title a');
        return { title: a ? a.textContent : null, href: a ? a.getAttribute('href') : null };
    }));
    check(cards.length === expected.length, `${tag}: every card is there`,
          `${cards.length} cards, ${expected.length} in the source`);
    for (const want of expected) {
        const got = cards.find(c => c.title === want.title);
        check(got && got.href === want.href, `${tag}: card "${want.title}" links to ${want.href}`,
              JSON.stringify(got));
        const sel = `.landing-card .main-card__title a[href="${want.href}"]`;
        check(await shown(page, sel), `${tag}: card "${want.title}": its title is visible`);
        // Clickable as a whole: the middle of the card's text is the link.
        const hit = await page.$eval(sel, a => {
            const card = a.closest('.landing-card');
            const text = card.querySelector('.landing-card__text');
            text.scrollIntoView({ block: 'center' });
            const r = text.getBoundingClientRect();
            const el = document.elementFromPoint(r.left + 2, r.top + Math.min(r.height / 2, 8));
            a.focus();
            return { covered: !!el && el.closest('a') === a, focused: document.activeElement === a };
        });
        check(hit.covered, `${tag}: card "${want.title}" is clickable as a whole`);
        check(hit.focused, `${tag}: card "${want.title}" is reachable by keyboard`);
    }
    const nested = await page.$$eval('a a', els => els.length);
    check(nested === 0, `${tag}: no link inside a link`, `${nested}`);

    // The cards of a grid: side by side on a desktop, stacked on a phone.
    const rows = await page.$$eval('.landing-cards', grids => grids.map(g =>
        [...g.children].map(c => Math.round(c.getBoundingClientRect().top))));
    const widest = Math.max(...rows.map(tops => Math.max(...Object.values(
        tops.reduce((n, t) => (n[t] = (n[t] || 0) + 1, n), {})))));
    if (width >= 1280) {
        check(widest >= 2, `${tag}: two or more cards in a row`, JSON.stringify(rows));
    } else {
        check(widest === 1, `${tag}: one card per row`, JSON.stringify(rows));
    }

    const badges = await page.$$eval('.badge', els => els.map(e => {
        const r = e.getBoundingClientRect();
        return { text: e.textContent, shown: e.checkVisibility() && r.width > 0 && r.height > 0,
                 bg: getComputedStyle(e).backgroundColor };
    }));
    check(badges.length >= 2 && badges.every(b => b.shown && b.text),
          `${tag}: the badges show`, JSON.stringify(badges));
    check(new Set(badges.map(b => b.bg)).size >= 2,
          `${tag}: badges of different types look different`, JSON.stringify(badges));
}

// Where the H1 starts, below the header, per page and width: the same
// at every window height.
const h1Gaps = {};

// What every page's chrome must do at every window size, measured from
// element boxes.
async function chromeChecks(page, tag, { width, height, zero }) {
    const name = tag.slice(0, tag.indexOf(' at '));
    const gap = await page.evaluate(() => {
        const h = document.querySelector('.site-header'), h1 = document.querySelector('h1');
        return h && h1 ? h1.getBoundingClientRect().top - h.getBoundingClientRect().bottom : null;
    });
    check(gap !== null && gap >= 0 && gap <= MAX_H1_GAP,
          `${tag}: the title starts at most ${MAX_H1_GAP}px below the header`, `${gap}px`);
    const key = `${name} ${width}`;
    if (key in h1Gaps) {
        check(Math.abs(h1Gaps[key] - gap) <= 1,
              `${tag}: the title starts where it does in a shorter window`,
              `${gap}px here, ${h1Gaps[key]}px at the first height`);
    } else {
        h1Gaps[key] = gap;
    }

    // Breadcrumbs: no line starts with a separator. A separator is an
    // item's ::before or ::after, or an item of its own that is one; an
    // ::after must sit on the line of its item's last character.
    const crumbs = await page.evaluate(() => {
        const list = document.querySelector('.breadcrumbs ol, .breadcrumbs ul');
        if (!list) return null;
        const bad = [], lis = [...list.children];
        const left = list.getBoundingClientRect().left;
        const firstTop = lis.length ? lis[0].getClientRects()[0].top : 0;
        const sep = c => c && c !== 'none' && c !== 'normal' && c !== '""';
        const textRects = li => {
            const r = document.createRange();
            r.selectNodeContents(li);
            return [...r.getClientRects()].filter(x => x.width > 0);
        };
        for (const li of lis) {
            const rects = [...li.getClientRects()].filter(x => x.width > 0);
            if (!rects.length) continue;
            const text = li.textContent.trim();
            const startsLine = rects[0].top > firstTop + 1 && Math.abs(rects[0].left - left) < 2;
            if (startsLine && (sep(getComputedStyle(li, '::before').content)
                               || /^[/\\>›»|·]$/.test(text))) {
                bad.push(`line starts with a separator before "${text}"`);
            }
            const t = textRects(li);
            if (sep(getComputedStyle(li, '::after').content) && t.length
                && rects[rects.length - 1].top > t[t.length - 1].top + 1) {
                bad.push(`the separator after "${text}" starts a line`);
            }
        }
        return { bad, lines: new Set(lis.flatMap(li => [...li.getClientRects()].map(r => Math.round(r.top)))).size };
    });
    if (crumbs) {
        check(crumbs.bad.length === 0, `${tag}: no breadcrumb line starts with a separator`,
              crumbs.bad.join('; '));
    }

    // Inline code is one pill: it never breaks across lines.
    const broken = await page.$$eval(':not(pre) > code', els => els
        .filter(e => e.getClientRects().length > 1).map(e => e.textContent));
    check(broken.length === 0, `${tag}: inline code never breaks inside its pill`, broken.join(' | '));

    // Card images are shown whole: not cropped (object-fit: cover or none
    // on a box of another shape) nor stretched.
    const crops = await page.$$eval('.main-card__image', imgs => imgs.map(img => {
        const r = img.getBoundingClientRect(), fit = getComputedStyle(img).objectFit;
        const nat = img.naturalWidth / img.naturalHeight, box = r.width / r.height;
        return { src: img.getAttribute('src'), fit, nat, box,
                 whole: img.complete && img.naturalWidth > 0
                        && (Math.abs(nat - box) / nat < 0.01 || fit === 'contain' || fit === 'scale-down') };
    }));
    if (crops.length) {
        check(crops.every(c => c.whole), `${tag}: every card image is shown whole`,
              JSON.stringify(crops.filter(c => !c.whole)));
    }
    // The brand and the footer say different things.
    const words = await page.evaluate(() => ({
        brand: document.querySelector('.site-header__brand')?.textContent.trim(),
        footer: document.querySelector('.site-footer')?.textContent.trim().replace(/\s+/g, ' '),
    }));
    check(words.brand && words.footer && words.brand !== words.footer,
          `${tag}: the brand and the footer say different things`, JSON.stringify(words));

    // Previous and next page: side by side on a desktop, stacked on a
    // phone, each link a whole box.
    const pn = await page.$$eval('.page-nav a', as => as.map(a => {
        const r = a.getBoundingClientRect();
        return { rel: a.rel, top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width };
    }));
    if (name === 'headings') {
        check(pn.length === 2, `${tag}: links to the previous and next page`, JSON.stringify(pn));
    }
    if (pn.length === 2) {
        const [prev, next] = pn;
        const content = (await boxes(page, '.layout__main'))[0];
        check(prev.rel === 'prev' && next.rel === 'next', `${tag}: previous and next pages, rel=prev and rel=next`,
              JSON.stringify(pn));
        if (width >= 768) {
            check(Math.abs(prev.top - next.top) < 1 && prev.right <= next.left,
                  `${tag}: previous and next side by side`, JSON.stringify(pn));
        } else {
            check(next.top >= prev.bottom && prev.width >= content.width - 1 && next.width >= content.width - 1,
                  `${tag}: previous and next stacked, each the content's width`, JSON.stringify({ pn, content }));
        }
    }
}

// Does the built-in stylesheet apply? Its custom properties are defined
// and the body is its flex column (a browser's own is a block, with a
// margin).
const styled = page => page.evaluate(() => {
    const body = getComputedStyle(document.body);
    return {
        accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim(),
        display: body.display, margin: body.marginTop,
    };
});
const isStyled = s => s.accent !== '' && s.display === 'flex' && s.margin === '0px';
// Browser contexts opened for the pages: each has a cache of its own,
// so each fetches the stylesheet once (printed at the end for t/15).
let contexts = 0;
const isCss = u => /\/landing\.[0-9a-f]{16}\.css$/.test(new URL(u).pathname);

try {
    for (const { name, url } of pages) {
        for (const { width, height } of VIEWPORTS) {
            const tall = height > 1000;
            const tag = `${name} at ${width}x${height}`;
            const shot = `${outDir}/${name}-${width}${tall ? '-tall' : ''}`;
            const zero = name.startsWith('zero-');
            const context = await browser.newContext({ viewport: { width, height } });
            contexts++;
            const page = await context.newPage();
            const origin = new URL(url).origin;
            const errors = [], failed = [], foreign = [];
            page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
            page.on('pageerror', e => errors.push(e.message));
            page.on('request', r => {
                const u = r.url();
                if (!u.startsWith('data:') && new URL(u).origin !== origin) foreign.push(u);
            });
            page.on('requestfailed', r => failed.push(`${r.url()} (${r.failure()?.errorText})`));
            page.on('response', r => { if (r.status() >= 400) failed.push(`${r.url()} (${r.status()})`); });
            const cssResponses = [];
            page.on('response', r => { if (isCss(r.url())) cssResponses.push(r.status()); });

            const res = await page.goto(url, { waitUntil: 'load', timeout: 20000 });
            check(res && res.status() === 200, `${tag}: loads`, `status ${res && res.status()}`);
            const type = res ? res.headers()['content-type'] : '';
            check(/^text\/html/.test(type), `${tag}: is rendered HTML`, type);

            // The built-in stylesheet: linked, fetched once with a 200,
            // applied.
            const links = await page.$$eval('link[rel="stylesheet"]', ls => ls.map(l => ({
                href: l.href, rules: l.sheet ? l.sheet.cssRules.length : 0 })));
            check(links.length === 1 && isCss(links[0].href) && links[0].rules > 0,
                  `${tag}: the stylesheet is linked and loaded`, JSON.stringify(links));
            check(cssResponses.length === 1 && cssResponses[0] === 200,
                  `${tag}: the stylesheet is fetched once, with a 200`, JSON.stringify(cssResponses));
            const style = await styled(page);
            check(isStyled(style), `${tag}: the stylesheet applies`, JSON.stringify(style));

            // The layout never makes the page scroll sideways.
            const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
            check(overflow <= 0, `${tag}: no horizontal scrolling`, `${overflow}px too wide`);

            await chromeChecks(page, tag, { width, height, zero });

            // Sidebar: a column on a desktop, a closed disclosure on a phone.
            if (zero) {
                check(!(await page.$('.sidebar')), `${tag}: no sidebar without LandingNav`);
            } else if (width >= 768) {
                check(await shown(page, '.sidebar .sidebar__list'), `${tag}: sidebar shown`);
                check(await shown(page, '.sidebar a[aria-current="page"]'),
                      `${tag}: the current page is shown in the sidebar`);
                const side = await boxes(page, '.sidebar');
                const main = await boxes(page, '.layout__main');
                check(side.length && main.length && side[0].right <= main[0].left,
                      `${tag}: sidebar is a column left of the content`, JSON.stringify({ side, main }));
            } else {
                check(!(await shown(page, '.sidebar .sidebar__list')), `${tag}: sidebar collapsed`);
                check(await shown(page, '.sidebar summary'), `${tag}: sidebar can be opened`);
                await page.click('.sidebar summary');
                check(await shown(page, '.sidebar .sidebar__list'), `${tag}: sidebar opens on a tap`);
                await page.click('.sidebar summary');
            }

            // "On this page": every link leads to an element of the page.
            const targets = await page.$$eval('.toc a[href^="#"]', as => as.map(a => {
                const id = decodeURIComponent(a.getAttribute('href').slice(1));
                return { id, found: !!document.getElementById(id) };
            }));
            if (await page.$$eval('.content > h2', hs => hs.length)) {
                check(targets.length > 0, `${tag}: "On this page" has links`);
            }
            const missing = targets.filter(t => !t.found).map(t => t.id);
            check(missing.length === 0, `${tag}: every "On this page" link has a target`,
                  `missing: ${missing.join(', ')}`);
            if (targets.length && width < 768) {
                check(!(await shown(page, '.toc .toc__list')), `${tag}: "On this page" collapsed`);
            }

            // Cards: at least two in a row on a desktop, one per row on a phone.
            if (name === 'seed') {
                const cards = await boxes(page, '.main-card');
                const overlap = (a, b) => a.top < b.bottom && b.top < a.bottom;
                let sameRow = 0;
                for (let i = 0; i < cards.length; i++) {
                    for (let j = i + 1; j < cards.length; j++) {
                        if (overlap(cards[i], cards[j])) sameRow++;
                    }
                }
                check(cards.length >= 2, `${tag}: the page has cards`, `${cards.length} cards`);
                if (width >= 1280) {
                    check(sameRow > 0, `${tag}: at least two cards in a row`, JSON.stringify(cards));
                } else {
                    const content = (await boxes(page, '.content'))[0];
                    check(sameRow === 0, `${tag}: one card per row`, JSON.stringify(cards));
                    check(cards.every(c => c.width >= content.width * 0.9),
                          `${tag}: each card takes the row's width`, JSON.stringify({ content, cards }));
                }
            }

            // GitHub's extensions: aligned columns, struck text, checkboxes,
            // and a wide table that scrolls inside the content column.
            if (name === 'gfm') {
                const align = await page.$$eval('table:first-of-type th', ths =>
                    ths.map(th => getComputedStyle(th).textAlign));
                check(JSON.stringify(align.slice(0, 3)) === '["left","center","right"]',
                      `${tag}: table columns aligned left, center, right`, JSON.stringify(align));
                const del = await page.$eval('del', d => getComputedStyle(d).textDecorationLine)
                    .catch(() => '');
                check(del.includes('line-through'), `${tag}: struck text is struck`, del);
                check(await shown(page, 'li > input[type="checkbox"][checked]'),
                      `${tag}: a checked task-list box shows`);
                const bullet = await page.$eval('li:has(> input[type="checkbox"])',
                    li => getComputedStyle(li).listStyleType).catch(() => '');
                check(bullet === 'none', `${tag}: task-list items have no bullet`, bullet);
                const wide = await page.$eval('#a-wide-table + table', t => {
                    const r = t.getBoundingClientRect();
                    const c = document.querySelector('.content').getBoundingClientRect();
                    return { right: r.right, content: c.right, scroll: t.scrollWidth, client: t.clientWidth };
                }).catch(e => ({ error: e.message }));
                check(wide.right <= wide.content + 0.5, `${tag}: the wide table stays in the content column`,
                      JSON.stringify(wide));
                if (width < 768) {
                    check(wide.scroll > wide.client, `${tag}: the wide table scrolls sideways`,
                          JSON.stringify(wide));
                }
            }

            // Custom containers (::: tip, warning, details): on any page
            // that has them, the boxes show with their coloured border and
            // title, inside the content column, and a details box starts
            // closed and opens on a click.
            if (await page.$('.custom-block')) {
                for (const kind of ['tip', 'warning']) {
                    const sel = `div.custom-block.${kind}`;
                    check(await shown(page, sel), `${tag}: the ${kind} box shows`);
                    check(await shown(page, `${sel} > .custom-block-title`),
                          `${tag}: the ${kind} box's title shows`);
                    const box = await page.$eval(sel, d => {
                        const s = getComputedStyle(d), r = d.getBoundingClientRect();
                        const c = document.querySelector('.content').getBoundingClientRect();
                        return { border: parseFloat(s.borderLeftWidth), color: s.borderLeftColor,
                                 bg: s.backgroundColor, right: r.right, content: c.right };
                    }).catch(e => ({ error: e.message }));
                    check(box.border >= 2 && box.color !== box.bg,
                          `${tag}: the ${kind} box has a coloured left border`, JSON.stringify(box));
                    check(box.right <= box.content + 0.5,
                          `${tag}: the ${kind} box stays in the content column`, JSON.stringify(box));
                }
                const details = 'details.custom-block.details';
                check(await page.$eval(details, d => !d.open).catch(() => false),
                      `${tag}: the details box starts closed`);
                check(await shown(page, `${details} > summary`), `${tag}: its summary shows`);
                check(!(await shown(page, `${details} pre`)), `${tag}: its content is hidden`);
                await page.click(`${details} > summary`);
                check(await shown(page, `${details} pre`), `${tag}: a click opens it`);
                await page.click(`${details} > summary`);
            }

            // Components, expanded on the server.
            if (expectCards[name]) {
                await componentChecks(page, res, tag, width, expectCards[name]);
            }

            // Light and dark themes follow prefers-color-scheme.
            if (width >= 1280 && !tall) {
                const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
                await page.emulateMedia({ colorScheme: 'light' });
                const light = await bg();
                await page.emulateMedia({ colorScheme: 'dark' });
                const dark = await bg();
                await page.screenshot({ path: `${shot}-dark.png`, fullPage: true });
                await page.emulateMedia({ colorScheme: 'light' });
                check(light !== dark, `${tag}: dark theme under prefers-color-scheme: dark`, `${light} / ${dark}`);
            }

            await page.screenshot({ path: `${shot}.png`, fullPage: true });

            // A second view: the stylesheet from the browser's cache, no
            // request reaching the server (transferSize 0; t/15 counts
            // the server's answers too), styled.
            await page.goto(url, { waitUntil: 'load', timeout: 20000 });
            const again = await page.evaluate(() => performance.getEntriesByType('resource')
                .filter(e => /\/landing\.[0-9a-f]{16}\.css$/.test(new URL(e.name).pathname))
                .map(e => ({ transfer: e.transferSize, body: e.decodedBodySize })));
            check(again.length === 1 && again[0].transfer === 0 && again[0].body > 0,
                  `${tag}: a second view takes the stylesheet from the cache`, JSON.stringify(again));
            check(isStyled(await styled(page)), `${tag}: styled on the second view`);

            check(errors.length === 0, `${tag}: no console errors`, errors.join(' | '));
            check(failed.length === 0, `${tag}: no failed requests`, failed.join(' | '));
            check(foreign.length === 0, `${tag}: no request to another host`, foreign.join(' | '));
            await context.close();
        }
    }
    // LandingStylesheet inline: the page is complete by itself.
    if (inlineUrl) {
        const tag = 'inline stylesheet';
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const errors = [], css = [];
        page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', e => errors.push(e.message));
        page.on('request', r => {
            if (r.resourceType() === 'stylesheet' || /\.css$/.test(new URL(r.url()).pathname)) css.push(r.url());
        });
        const res = await page.goto(inlineUrl, { waitUntil: 'load', timeout: 20000 });
        check(res && res.status() === 200, `${tag}: loads`, `status ${res && res.status()}`);
        check(css.length === 0, `${tag}: no stylesheet request`, css.join(' | '));
        const style = await styled(page);
        check(isStyled(style), `${tag}: the stylesheet applies`, JSON.stringify(style));
        check(errors.length === 0, `${tag}: no console errors`, errors.join(' | '));
        await context.close();
    }
    for (const s of searches) {
        for (const width of [...new Set(VIEWPORTS.map(v => v.width))]) {
            await searchChecks(s, width);
        }
    }
} catch (e) {
    say('FAIL', 'the browser test ran to the end', e.stack || e.message);
} finally {
    say('CONTEXTS', String(contexts));
    await browser.close();
}
