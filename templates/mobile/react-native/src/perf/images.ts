// Image caching: photos come from the API with immutable URLs, so the native HTTP cache may serve them
// without revalidation; prefetching is capped so a long list never floods the network or memory.
import { Image, type ImageURISource } from "react-native";

export const MAX_PREFETCH = 6;

export function cachedImage(uri: string): ImageURISource {
  return { uri, cache: "force-cache" };
}

export async function prefetchImages(uris: readonly string[], limit = MAX_PREFETCH): Promise<number> {
  const chosen = uris.slice(0, limit);
  const results = await Promise.allSettled(chosen.map((uri) => Image.prefetch(uri)));
  return results.filter((r) => r.status === "fulfilled" && r.value).length;
}
