import robotsParser from 'robots-parser';
import type { Fetcher, Refusal, Validators } from './fetch';

/** A site's robots.txt as last read, kept between runs so that an unchanged one answers 304. */
export interface RobotsCopy extends Validators {
  body: string;
}

type Robot = ReturnType<typeof robotsParser>;

/**
 * robots.txt, read once per origin and asked before every request to it (RFC 9309): a
 * missing file (4xx) allows everything; one that cannot be reached (5xx, network) allows
 * nothing this run, as the RFC asks, since the site may be in trouble.
 */
export class RobotsRules {
  private readonly robots = new Map<string, Promise<Robot | Refusal>>();

  constructor(
    private readonly fetcher: Fetcher,
    /** The product token robots.txt groups are matched against ("provenance"). */
    private readonly agent: string,
    /** Copies from the last run, by origin; updated as files are read. */
    readonly copies: Record<string, RobotsCopy>,
  ) {}

  /** Null when the URL may be fetched; otherwise why not. */
  async refusal(url: string): Promise<Refusal | null> {
    const origin = new URL(url).origin;
    let robot = this.robots.get(origin);
    if (!robot) {
      robot = this.load(origin);
      this.robots.set(origin, robot);
    }
    const r = await robot;
    if ('reason' in r) return r;
    return r.isAllowed(url, this.agent) === false ? { reason: 'disallowed by robots.txt', disallowed: true } : null;
  }

  private obey(url: string, body: string): Robot {
    const robot = robotsParser(url, body);
    const delay = robot.getCrawlDelay(this.agent);
    if (delay && delay > 0) this.fetcher.setCrawlDelay(new URL(url).host, delay * 1000);
    return robot;
  }

  private async load(origin: string): Promise<Robot | Refusal> {
    const url = `${origin}/robots.txt`;
    const copy = this.copies[origin];
    const res = await this.fetcher.get(url, { validators: copy, accept: 'text/plain' });
    if (res.status === 'not-modified' && copy) return this.obey(url, copy.body);
    if (res.status === 'ok') {
      this.copies[origin] = { ...res.validators, body: res.body };
      return this.obey(url, res.body);
    }
    delete this.copies[origin];
    if (res.status === 'error' && res.httpStatus !== undefined && res.httpStatus >= 400 && res.httpStatus < 500)
      return robotsParser(url, '');
    const why = res.status === 'error' ? res.error : 'answered 304 to a first request';
    // No answer at all is the site being down (or the address wrong), not a robots.txt problem.
    if (res.status === 'error' && res.httpStatus === undefined)
      return { reason: `the site could not be reached (${why}), so it is not crawled this run`, disallowed: false };
    return { reason: `robots.txt could not be read (${why}), so the site is not crawled this run`, disallowed: false };
  }
}
