// Performance and resource limits, in one place.

/// List virtualization: ListView.builder builds only visible rows; a fixed extent skips layout measuring.
const double rowExtent = 72;

/// Image caching: cached_network_image keeps photos on disk; decode at display size to save memory.
const int photoCacheWidth = 720;

/// Background work limits: iOS allows ~30 s in the background, Android stops long work.
const int maxChangesPerReplay = 50;
const Duration replayBudget = Duration(seconds: 25);
const int maxAttemptsPerReplay = 4;
const Duration baseBackoff = Duration(seconds: 1);
const Duration maxBackoff = Duration(seconds: 30);

/// Exponential backoff for retry 1, 2, 3 ...: base, 2 x base, 4 x base, capped.
Duration backoffDelay(int retry) {
  final ms = baseBackoff.inMilliseconds * (1 << (retry - 1).clamp(0, 20));
  return Duration(milliseconds: ms.clamp(0, maxBackoff.inMilliseconds));
}
