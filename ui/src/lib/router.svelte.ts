// A small hash router: the window has one page, and each screen is a path after "#/".
// "#/rounds/RND-1/marks" → segments ["rounds", "RND-1", "marks"]. Keys are URI-encoded.

function parse(hash: string): string[] {
  return hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
}

class Router {
  segments: string[] = $state(parse(typeof location === "undefined" ? "" : location.hash));

  constructor() {
    if (typeof window !== "undefined") {
      window.addEventListener("hashchange", () => {
        this.segments = parse(location.hash);
      });
    }
  }

  /** The first segment: which screen ("" is the dashboard). */
  get screen(): string {
    return this.segments[0] ?? "";
  }
}

export const router = new Router();

/** The href for a screen: href("rounds", key, "marks") → "#/rounds/<key>/marks". */
export function href(...parts: string[]): string {
  return "#/" + parts.map((p) => encodeURIComponent(p)).join("/");
}

/** Moves to a screen (as if a link had been followed). */
export function go(...parts: string[]): void {
  location.hash = href(...parts);
}
