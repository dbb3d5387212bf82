/* "Last updated": dates from front matter, and their readable forms. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>

#include "date.h"

/* Digits at @p s, exactly @p n of them; -1 if not. */
static int digits(const char *s, int n)
{
    int v = 0, i;

    for (i = 0; i < n; i++) {
        if (!apr_isdigit((unsigned char)s[i])) {
            return -1;
        }
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
                                30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : days[m - 1];
}

int landing_date_parse(const char *s, apr_time_t *t)
{
    apr_time_exp_t tm;
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    const char *q;

    if (s == NULL || strlen(s) < 10 || s[4] != '-' || s[7] != '-') {
        return 0;
    }
    y = digits(s, 4);
    mo = digits(s + 5, 2);
    d = digits(s + 8, 2);
    if (y < 1970 || mo < 1 || mo > 12 || d < 1
        || d > days_in_month(y, mo)) {
        return 0;
    }
    q = s + 10;
    if (*q == 'T' || *q == 't' || *q == ' ') {
        q++;
        h = digits(q, 2);
        mi = q[2] == ':' ? digits(q + 3, 2) : -1;
        if (h < 0 || h > 23 || mi < 0 || mi > 59) {
            return 0;
        }
        q += 5;
        if (*q == ':') {
            sec = digits(q + 1, 2);
            if (sec < 0 || sec > 60) {
                return 0;
            }
            q += 3;
            if (*q == '.') {     /* fractions of a second */
                for (q++; apr_isdigit((unsigned char)*q); q++) {
                }
            }
        }
        while (*q == ' ') {
            q++;
        }
        if (*q == 'Z' || *q == 'z') {
            q++;
        }
        else if (*q == '+' || *q == '-') {
            int oh = digits(q + 1, 2), om = q[3] == ':' ? digits(q + 4, 2)
                                                        : digits(q + 3, 2);
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return 0;
            }
            off = (oh * 60 + om) * 60 * (*q == '-' ? -1 : 1);
            q += q[3] == ':' ? 6 : 5;
        }
    }
    if (*q != '\0') {
        return 0;
    }
    memset(&tm, 0, sizeof(tm));
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec > 59 ? 59 : sec;
    if (apr_time_exp_gmt_get(t, &tm) != APR_SUCCESS) {
        return 0;
    }
    *t -= apr_time_from_sec(off);
    return 1;
}

typedef struct {
    const char *lang;
    const char *format;     /* %d day, %m month name, %y year */
    const char *months[12];
} date_form_t;

static const date_form_t forms[] = {
    { "en", "%m %d, %y", { "January", "February", "March", "April", "May",
                           "June", "July", "August", "September",
                           "October", "November", "December" } },
    { "de", "%d. %m %y", { "Januar", "Februar", "M\xc3\xa4rz", "April",
                           "Mai", "Juni", "Juli", "August", "September",
                           "Oktober", "November", "Dezember" } },
    { "fr", "%d %m %y", { "janvier", "f\xc3\xa9vrier", "mars", "avril",
                          "mai", "juin", "juillet", "ao\xc3\xbbt",
                          "septembre", "octobre", "novembre",
                          "d\xc3\xa9" "cembre" } },
    { "es", "%d de %m de %y", { "enero", "febrero", "marzo", "abril",
                                "mayo", "junio", "julio", "agosto",
                                "septiembre", "octubre", "noviembre",
                                "diciembre" } },
    { "it", "%d %m %y", { "gennaio", "febbraio", "marzo", "aprile",
                          "maggio", "giugno", "luglio", "agosto",
                          "settembre", "ottobre", "novembre",
                          "dicembre" } },
    { "nl", "%d %m %y", { "januari", "februari", "maart", "april", "mei",
                          "juni", "juli", "augustus", "september",
                          "oktober", "november", "december" } },
    { "pt", "%d de %m de %y", { "janeiro", "fevereiro", "mar\xc3\xa7o",
                                "abril", "maio", "junho", "julho",
                                "agosto", "setembro", "outubro",
                                "novembro", "dezembro" } },
};

/* The form for @p lang's first subtag, or NULL. */
static const date_form_t *form_for(const char *lang)
{
    apr_size_t n, i;

    if (lang == NULL) {
        return &forms[0];
    }
    n = strcspn(lang, "-_");
    for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        if (strlen(forms[i].lang) == n
            && strncasecmp(forms[i].lang, lang, n) == 0) {
            return &forms[i];
        }
    }
    return NULL;
}

static int cjk(const char *lang)
{
    apr_size_t n = lang ? strcspn(lang, "-_") : 0;
    return n == 2 && (strncasecmp(lang, "ja", 2) == 0
                      || strncasecmp(lang, "zh", 2) == 0);
}

const char *landing_date_text(apr_pool_t *p, apr_time_t t, const char *lang)
{
    apr_time_exp_t tm;
    const date_form_t *f;
    const char *c;
    char *out = "";

    apr_time_exp_gmt(&tm, t);
    if (cjk(lang)) {
        return apr_psprintf(p, "%d\xe5\xb9\xb4%d\xe6\x9c\x88%d\xe6\x97\xa5",
                            tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    }
    f = form_for(lang);
    if (f == NULL) {
        return apr_psprintf(p, "%04d-%02d-%02d", tm.tm_year + 1900,
                            tm.tm_mon + 1, tm.tm_mday);
    }
    for (c = f->format; *c; c++) {
        if (*c == '%' && c[1] == 'd') {
            out = apr_psprintf(p, "%s%d", out, tm.tm_mday);
            c++;
        }
        else if (*c == '%' && c[1] == 'm') {
            out = apr_pstrcat(p, out, f->months[tm.tm_mon], NULL);
            c++;
        }
        else if (*c == '%' && c[1] == 'y') {
            out = apr_psprintf(p, "%s%d", out, tm.tm_year + 1900);
            c++;
        }
        else {
            out = apr_psprintf(p, "%s%c", out, *c);
        }
    }
    return out;
}

landing_value_t *landing_date_value(apr_pool_t *p, apr_time_t t,
                                    const char *lang)
{
    landing_value_t *v = landing_value_map(p);
    apr_time_exp_t tm;

    apr_time_exp_gmt(&tm, t);
    landing_value_set_cstr(p, v, "iso",
                           apr_psprintf(p, "%04d-%02d-%02d",
                                        tm.tm_year + 1900, tm.tm_mon + 1,
                                        tm.tm_mday));
    landing_value_set_cstr(p, v, "text", landing_date_text(p, t, lang));
    return v;
}
