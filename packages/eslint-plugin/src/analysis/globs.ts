/**
 * A small glob matcher for option values: `**` any path, `*` any run without `/`, `?` one character.
 * `matchPath` false: for names (`init*`, `Server.start`), where `.` is literal and there are no folders.
 */
export function globToRegExp(glob: string, matchPath: boolean): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders.
        const slash = glob[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        source += matchPath ? '[^/]*' : '.*';
      }
    } else if (c === '?') {
      source += matchPath ? '[^/]' : '.';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(matchPath ? `(?:^|/)${source}$` : `^${source}$`);
}
