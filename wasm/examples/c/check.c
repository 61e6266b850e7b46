// The healthlite example check in C, built without a libc: GET the configured url, pass on 2xx
// within budget_ms (default 500), warn on a slower 2xx, fail otherwise; report latency_ms.
//
// Build: clang --target=wasm32 -Os -nostdlib -fno-builtin -Wl,--no-entry -Wl,--strip-all \
//          -o check.wasm check.c

#define HEALTHLITE(name) __attribute__((import_module("healthlite"), import_name(name)))

HEALTHLITE("config") int hl_config(const char *key, int key_len, char *buf, int buf_cap);
HEALTHLITE("http_get") int hl_http_get(const char *url, int url_len, char *body, int body_cap);
HEALTHLITE("set_message") void hl_set_message(const char *msg, int len);
HEALTHLITE("set_metric") void hl_set_metric(const char *name, int name_len, double value);

__attribute__((import_module("wasi_snapshot_preview1"), import_name("clock_time_get")))
int wasi_clock_time_get(int clock_id, long long precision, long long *time);

enum { PASS = 0, WARN = 1, FAIL = 2, UNKNOWN = 3 };
enum { URL_CAP = 2048, MSG_CAP = 4096, BODY_CAP = 256 };

static char url[URL_CAP];
static char budget_text[16];
static char body[BODY_CAP];
static char msg[MSG_CAP];
static int msg_len;

// str appends the NUL-terminated s to the message.
static void str(const char *s) {
	while (*s) msg[msg_len++] = *s++;
}

// bytes appends n bytes of s to the message.
static void bytes(const char *s, int n) {
	for (int i = 0; i < n; i++) msg[msg_len++] = s[i];
}

// num appends v in decimal.
static void num(long long v) {
	char digits[24];
	int n = 0;
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;
	do {
		digits[n++] = '0' + (char)(u % 10);
		u /= 10;
	} while (u);
	if (v < 0) digits[n++] = '-';
	while (n) msg[msg_len++] = digits[--n];
}

// now returns the monotonic clock in nanoseconds.
static long long now(void) {
	long long t = 0;
	wasi_clock_time_get(1, 1000, &t);
	return t;
}

static int unknown(const char *s) {
	msg_len = 0;
	str(s);
	hl_set_message(msg, msg_len);
	return UNKNOWN;
}

__attribute__((export_name("check"))) int check(void) {
	int url_len = hl_config("url", 3, url, URL_CAP);
	if (url_len <= 0) return unknown("config url is not set");
	if (url_len > URL_CAP) return unknown("config url is longer than 2048 bytes");

	long long budget = 500;
	int n = hl_config("budget_ms", 9, budget_text, sizeof budget_text);
	if (n >= 0) {
		if (n == 0 || n > 9) return unknown("config budget_ms is not a whole number of milliseconds");
		budget = 0;
		for (int i = 0; i < n; i++) {
			unsigned d = (unsigned)(budget_text[i] - '0');
			if (d > 9) return unknown("config budget_ms is not a whole number of milliseconds");
			budget = budget * 10 + d;
		}
	}

	long long t0 = now();
	int st = hl_http_get(url, url_len, body, BODY_CAP);
	long long ns = now() - t0;
	hl_set_metric("latency_ms", 10, (double)ns / 1e6);

	msg_len = 0;
	str("GET ");
	bytes(url, url_len);
	str(": ");
	if (st < 0) {
		str("error ");
		num(st);
		hl_set_message(msg, msg_len);
		return FAIL;
	}
	num(st);
	str(" in ");
	num(ns / 1000000);
	str(" ms");
	int status = FAIL;
	if (st >= 200 && st < 300) {
		status = PASS;
		if (ns > budget * 1000000) {
			status = WARN;
			str(", over budget ");
			num(budget);
			str(" ms");
		}
	}
	hl_set_message(msg, msg_len);
	return status;
}
