// Package pythonbot holds the end-to-end test of the python-bot example: the
// healthlite binary and bot.py run as real processes through run.sh, and the
// test watches the service turn healthy once the bot reports bot_ready.
package pythonbot
