/** What `provenance --help` and each command's `--help` print: usage, options, an example. */

export const DEFAULT_PORT = 8766;

const EXIT_CODES = `Exit codes: 0 checked (a source found or not), 1 error (unreadable, binary or malformed
input, an input with nothing to check in it - not an article, too little text -, an index
or store that cannot be used), 2 usage (unknown command or option),
3 a likely source was found and --fail-on-match was given.`;

export const HELP: Record<string, string> = {
  main: `provenance - find where a news article came from, against an index of originals

Usage:
  provenance check [options] <input>...      find the likely sources of articles
  provenance index <command> [options]       build, crawl, describe and push index packs
  provenance serve [options]                 answer checks over HTTP
  provenance help <command>                  the help of a command (or: <command> --help)
  provenance --version

Inputs are told apart by their content, whatever their name: an HTML page (extracted
with Readability, as in the browser), JSON Lines (one article a line) or plain text.

Example:
  provenance check saved-page.html

${EXIT_CODES}`,

  check: `Usage: provenance check [options] <input>...

Finds where each article came from: its likely sources (with the share of its words taken
from each) and related coverage. An input is a file, a folder (every file in it, sorted;
files that are not text are skipped with a note) or - for standard input. Each is read by
its content: an HTML page (in the charset it declares), JSON Lines ({"id"?, "title"?, "text",
"lang"?, "published"?} a line, one result per line, in order), a JSON array of such
articles, or plain text (its first line is the headline when it reads like one).

Options:
  --index <pack>       check against this pack (repeatable), or a set of parts by its
                       manifest.json or its folder; the bundled index by default
  --store <url>        check against a Redis store (redis://HOST:PORT) instead
  --format <format>    what is printed on standard output (default text):
                         text  a report per article: each likely source with the share of
                               the article taken from it and the reason, then the related
                               coverage apart (same names, facts or quotes, its own order)
                         json  one JSON object per article, one a line (the same as --json;
                               see README "The command line")
                         csv   a header row, then one row per article and match (an article
                               with no match: one row, its match fields empty); RFC 4180
  --json               the same as --format=json
  -q, --quiet          no progress on standard error
  --fail-on-match      exit 3 when any article has a likely source (for CI pipelines)
  -h, --help           this help

A check of 50 files or more, of a file of 50 articles or more, or one that runs longer
than 2 s shows its progress on standard error: a bar with the rate and the time left on a
terminal, a line at every tenth otherwise. Standard output only ever holds the results.

Examples:
  provenance check article.html
  provenance check --json --index archive.pack saved-pages/ > results.jsonl
  provenance check --format=csv saved-pages/ > results.csv
  curl -s https://example.com/story | provenance check --fail-on-match -

${EXIT_CODES}`,

  index: `Usage: provenance index <command> [options]

Commands:
  build <corpus.jsonl|page|folder>... -o <pack>   build an index pack from corpus files or saved pages
  crawl <feed-or-sitemap-url>... -o <pack>   add a newsroom's articles from its feeds
  info <pack>                         describe a pack (or a set of parts)
  push <pack|corpus.jsonl>... --store <url>   add entries to a Redis store
  remove <id>... --store <url>        remove entries from a Redis store

Run provenance index <command> --help for a command's options.

Example:
  provenance index build originals.jsonl -o newsroom.pack`,

  'index build': `Usage: provenance index build <corpus.jsonl | page.html | page.txt | folder>... (-o <pack> | --parts <dir>) [--name <name>] [--threads <n>]

Builds an index pack (fingerprints and metadata, no article text) from corpus files: one
original a line, {"id", "title", "text", "url"?, "publisher"?, "author"?, "published"?,
"original"?, "lang"?}. Ids must be unique across all the files. Files are read line by
line, whatever their size, and the articles are analysed on every core.

Saved pages are indexed as they are: an HTML page is extracted as check extracts it (its
id and url the address it names as its own, else the file's name; headline, publisher,
author and date from the page), a .txt file has its headline on the first line. A folder
stands for the pages and .jsonl files in it. The pack may not be one of its inputs.

Options:
  -o, --output <pack>  the pack file to write
  --parts <dir>        write the pack as dated parts (one pack per month of publication,
                       undated.pack for the rest) and dir/manifest.json, which lists them
                       for subscribers; a part whose entries did not change is kept byte
                       for byte, so subscribers download only the parts that changed
  --name <name>        the pack's name (default: the file or folder name)
  --threads <n>        analyse on n threads (default: one per core; a corpus under 400
                       articles is analysed on one)
  -q, --quiet          no progress and no summary line on standard error (warnings stay)
  -h, --help           this help

A corpus of 50 articles or more shows its progress on standard error (a bar on a terminal,
a line at every tenth otherwise), then a summary line: entries, bytes, seconds.

Example:
  provenance index build 2023.jsonl 2024.jsonl -o archive.pack --name "Archive 2023-24"
  provenance index build archive.jsonl --parts public/packs --name "Archive"
  provenance index build saved-pages/ -o originals.pack

Exit codes: 0 built (articles without article sentences are left out with a warning),
1 error (an unreadable file, a bad corpus line - named with its line number -, a duplicate
id), 2 usage (unknown option, missing -o or --parts).`,

  'index crawl': `Usage: provenance index crawl <feed-or-sitemap-url>... -o <pack> [options]

Reads RSS 2.0, Atom, JSON Feed, news sitemaps and sitemap indexes, fetches every
article page they list that is not in the pack yet, extracts it with Readability (as the
browser does) and adds it to the pack (fingerprints and metadata, no article text); the feed's headline,
author and date fill in what the page lacks. Run it again with the same -o to add what is
new: <pack>.crawl.json keeps each feed's ETag and Last-Modified, so an unchanged feed
answers 304, and pages that failed are tried again (5 runs at most; a 404 too, as a
feed may list a story before its page is served; a 401, 403 or 451 is not asked for
again). Pages that are not articles are reported and skipped; a failed page never stops
the run.

Polite: robots.txt is obeyed (User-agent: provenance, Crawl-delay up to 60 s), at most
2 requests at a time per host, 429 and 5xx retried with backoff (Retry-After honoured),
5 MB and 30 s per page, at most 5 redirects (a loop is reported).

Options:
  -o, --output <pack>  the pack to add to, created if missing (required)
  --parts <dir>        also write the pack as dated parts and dir/manifest.json (as
                       index build --parts does), rewriting only the parts that changed
  --name <name>        the pack's name (default: the existing pack's, or the file name)
  --original           mark every entry as an original (your own newsroom's feeds)
  --max-pages N        fetch at most N pages, newest first; the rest wait for the next run
  --header "Name: value"
                       send this header with every request to the sites of the feeds
                       given, never to another site: a subscriber's cookie, so that
                       paywalled articles are read whole (repeatable; never stored)
  -h, --help           this help

Progress goes to standard error (a bar on a terminal, a line per page otherwise), then
a summary: pages added, updated (read again and changed: their Atom feed or sitemap
dates a change after they were crawled, or, listed without such a date as RSS lists
them, they are from the past week and due to be read again), unchanged, skipped,
failed. Ctrl-C stops starting pages and writes what was crawled; the rest waits for
the next run.

Example:
  provenance index crawl https://news.example.com/rss.xml https://news.example.com/news-sitemap.xml -o newsroom.pack

Exit codes: 0 crawled (pages that failed are counted in the summary and tried again next
run), 1 error (a feed or sitemap that could not be read, a pack that was refused, no
article added to a new pack, another crawl writing the same pack),
2 usage (unknown option, missing -o, an address that is not http(s)). An interrupted run
exits 1 (130 when a second Ctrl-C quits at once).`,

  'index info': `Usage: provenance index info <pack | manifest.json | parts-folder>

Describes a pack: name, format, creation date, entries, sentences, publication dates, size.
Given a set of parts (index build --parts), its manifest or its folder: the set's name and
date, each part's entries, and the set's totals. A damaged or foreign file is refused with
the reason, and so is a part that no longer holds what the manifest lists.

Options:
  -h, --help           this help

Example:
  provenance index info archive.pack

Exit codes: 0 described, 1 error (unreadable, damaged or not a pack), 2 usage.`,

  'index push': `Usage: provenance index push <pack|corpus.jsonl>... --store redis://HOST:PORT

Adds the entries of packs, sets of parts (by their manifest.json or folder) or corpus files
to a Redis store (one node or a cluster). Pushing the same entries again changes nothing; an
interrupted push is finished by running it again.

Options:
  --store <url>        the Redis store, redis://HOST:PORT (required)
  --buckets <n>        for a store created by this push: how many buckets its candidate
                       lists are spread over, a power of two from 65536 to 268435456
                       (default 1048576, right up to some 70 million entries; about one
                       for every 17 entries beyond, see the README's capacity plan). A
                       store keeps the number it was created with.
  -q, --quiet          no progress and no summary line on standard error
  -h, --help           this help

Fingerprinting corpus files and pushing 50 entries or more show their progress on
standard error (a bar on a terminal, a line at every tenth otherwise).

Example:
  provenance index push archive.pack --store redis://127.0.0.1:7000

Exit codes: 0 pushed, 1 error (an unreadable input, a store that is down - its node named -
or written by another version), 2 usage (unknown option, missing --store).`,

  'index remove': `Usage: provenance index remove <id>... --store redis://HOST:PORT

Removes entries from a Redis store by id; exits 1 if an id was not in the store.

Options:
  --store <url>        the Redis store, redis://HOST:PORT (required)
  -h, --help           this help

Example:
  provenance index remove newsroom/2024/0153 --store redis://127.0.0.1:7000

Exit codes: 0 removed, 1 error (an id not in the store, a store that is down), 2 usage.`,

  serve: `Usage: provenance serve [--index <pack>... | --store <url>] [--port N] [--host ADDRESS]

Answers POST /check (an article as JSON {"title"?, "text", "lang"?, "published"?}, an HTML page or plain
text) with the check --json object; GET /health says it is up. CORS is open, for the
extension's remote index setting. Stops on Ctrl-C or SIGTERM.

Options:
  --index <pack>       check against this pack (repeatable), or a set of parts by its
                       manifest.json or its folder; the bundled index by default
  --store <url>        check against a Redis store (redis://HOST:PORT) instead
  --port N             the port (default ${DEFAULT_PORT}; 0 picks a free one)
  --host ADDRESS       the address to listen on (default 127.0.0.1)
  -h, --help           this help

Example:
  provenance serve --index archive.pack --port 8766

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 error (an index or store that cannot be
used, a port in use or an address not of this machine), 2 usage.`,
};
