// threshold: a Nagios-style plugin compiled to WASI, the healthlite command-mode example. It
// compares a value given on the command line against warning and critical thresholds and prints
// one Nagios line with perfdata:
//
//	threshold -w 80 -c 90 -l disk_used -u % 85
//	WARNING - disk_used is 85% (warning at 80%) | 'disk_used'=85%;80;90
//
// Higher is worse: value >= crit is CRITICAL (exit 2), value >= warn is WARNING (exit 1), else
// OK (exit 0); bad arguments are UNKNOWN (exit 3).
//
// Build: clang-19 --target=wasm32-wasi --sysroot=/usr -Os -Wl,--strip-all -o threshold.wasm threshold.c
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { OK = 0, WARNING = 1, CRITICAL = 2, UNKNOWN = 3 };

static const char usage[] = "usage: threshold -w WARN -c CRIT [-l LABEL] [-u UOM] VALUE";

// number parses a whole argument as a finite number.
static int number(const char *s, double *v) {
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	return end != s && *end == '\0' && errno == 0 && isfinite(*v);
}

// label_ok reports whether s can be a perfdata label: no quotes, '=' or line breaks.
static int label_ok(const char *s) {
	return *s && strcspn(s, "'=\n\r") == strlen(s);
}

int main(int argc, char **argv) {
	const char *warn_arg = NULL, *crit_arg = NULL, *label = "value", *uom = "";
	int opt;
	while ((opt = getopt(argc, argv, "w:c:l:u:")) != -1) {
		switch (opt) {
		case 'w': warn_arg = optarg; break;
		case 'c': crit_arg = optarg; break;
		case 'l': label = optarg; break;
		case 'u': uom = optarg; break;
		default:
			printf("UNKNOWN - %s\n", usage);
			return UNKNOWN;
		}
	}
	if (!warn_arg || !crit_arg || optind != argc - 1) {
		printf("UNKNOWN - %s\n", usage);
		return UNKNOWN;
	}
	double value, warn, crit;
	if (!number(argv[optind], &value)) {
		printf("UNKNOWN - value %s is not a number\n", argv[optind]);
		return UNKNOWN;
	}
	if (!number(warn_arg, &warn) || !number(crit_arg, &crit)) {
		printf("UNKNOWN - thresholds -w %s -c %s are not numbers\n", warn_arg, crit_arg);
		return UNKNOWN;
	}
	if (!label_ok(label) || strcspn(uom, "0123456789;'= \n\r-.") != strlen(uom)) {
		printf("UNKNOWN - label %s or unit %s cannot appear in perfdata\n", label, uom);
		return UNKNOWN;
	}

	int status = OK;
	const char *word = "OK";
	if (value >= crit) {
		status = CRITICAL;
		word = "CRITICAL";
	} else if (value >= warn) {
		status = WARNING;
		word = "WARNING";
	}
	printf("%s - %s is %g%s", word, label, value, uom);
	if (status == CRITICAL) printf(" (critical at %g%s)", crit, uom);
	if (status == WARNING) printf(" (warning at %g%s)", warn, uom);
	printf(" | '%s'=%g%s;%g;%g\n", label, value, uom, warn, crit);
	return status;
}
