export { crawl, MAX_FAILURES, sameSite, type CrawlEvent, type CrawlOptions, type CrawlResult, type PageOutcome } from './crawl';
export { DEFAULT_LIMITS, Fetcher, retryAfterMs, type FetchLimits, type FetchResult, type Validators } from './fetch';
export { parseFeed, type Feed, type FeedItem, type FeedResult } from './feed';
export { RobotsRules } from './robots';
export { emptyState, parseState, type CrawlState } from './state';
