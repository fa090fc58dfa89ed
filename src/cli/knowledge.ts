// Loads the knowledge a user brings at run time: company maps (--entities FILE, before the
// bundled map) and filter lists (--filter-list FILE). Read before any browser starts.
import { readFile } from "node:fs/promises";
import {
  bundledEntityMap,
  combineEntityMaps,
  type EntityMap,
} from "../analyze/entities/entity-map.js";
import { parseUserEntities } from "../analyze/entities/user-entities.js";
import {
  type CompiledFilterLists,
  compileFilterLists,
} from "../analyze/filter-lists/filter-list.js";
import { ConfigError } from "../errors.js";

export interface Knowledge {
  /** User maps first (earlier files win), then the bundled third-party-web map with our overlay. */
  entities: EntityMap;
  /** Undefined without --filter-list. */
  filters?: CompiledFilterLists;
}

async function readText(file: string, flag: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === "ENOENT" ? "file not found" : `cannot read it (${code ?? String(error)})`,
      file,
      undefined,
      `check the path given to ${flag}`,
    );
  }
}

/** JSON or HTML (a company map or an error page saved by mistake) would parse as odd rules. */
function notAFilterList(text: string): string | undefined {
  const t = text.trimStart();
  if (t.startsWith("<")) return "looks like HTML or XML";
  if (t.startsWith("{") || t.startsWith("[{") || t.startsWith('["')) {
    try {
      JSON.parse(t);
      return "looks like JSON";
    } catch {
      return undefined;
    }
  }
  return undefined;
}

export async function loadKnowledge(
  entitiesFiles: readonly string[] = [],
  filterListFiles: readonly string[] = [],
): Promise<Knowledge> {
  const userMaps = await Promise.all(
    entitiesFiles.map(async (file) => parseUserEntities(await readText(file, "--entities"), file)),
  );
  const entities = combineEntityMaps(...userMaps, bundledEntityMap());
  if (filterListFiles.length === 0) return { entities };
  const lists = await Promise.all(
    filterListFiles.map(async (file) => ({
      name: file,
      text: await readText(file, "--filter-list"),
    })),
  );
  for (const { name, text } of lists) {
    const why = notAFilterList(text);
    if (why) {
      throw new ConfigError(
        `${why}, not an EasyList/EasyPrivacy-style filter list (no network rules)`,
        name,
        undefined,
        "give a list of rules such as ||tracker.example^ to --filter-list",
      );
    }
  }
  const filters = compileFilterLists(lists);
  for (const list of lists) {
    const { name } = list;
    // A list whose rules all appeared in an earlier one counts 0 there, yet is a real list.
    const empty =
      (filters.ruleCounts[name] ?? 0) === 0 &&
      (compileFilterLists([list]).ruleCounts[name] ?? 0) === 0;
    if (empty) {
      throw new ConfigError(
        "no network rules found: not an EasyList/EasyPrivacy-style filter list (or only element-hiding rules)",
        name,
        undefined,
        "give a list of rules such as ||tracker.example^ to --filter-list",
      );
    }
  }
  return { entities, filters };
}
