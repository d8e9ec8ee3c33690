// The offline outbox: every change made on site is persisted first, then replayed strictly in order when
// the connection returns.
//
// Conflict policy: SERVER WINS, LOCAL KEPT FOR REVIEW. On HTTP 409 the server's version stays authoritative
// and the local change moves to `conflicts` with the server's copy; refused changes are kept the same way.
import 'dart:async';
import 'dart:convert';
import 'dart:math';

import '../perf.dart';

const conflictPolicy = 'server-wins-keep-local';

class Change {
  Change({required this.id, required this.kind, required this.entityId, required this.payload, required this.createdAt, this.attempts = 0});

  factory Change.fromJson(Map<String, dynamic> j) => Change(
        id: j['id'] as String,
        kind: j['kind'] as String,
        entityId: j['entityId'] as String,
        payload: j['payload'],
        createdAt: j['createdAt'] as int,
        attempts: j['attempts'] as int,
      );

  /// Idempotency key: sent with every attempt, so a retry after a lost answer cannot apply twice.
  final String id;
  final String kind;
  final String entityId;
  final Object? payload;
  final int createdAt;
  int attempts;

  Map<String, dynamic> toJson() =>
      {'id': id, 'kind': kind, 'entityId': entityId, 'payload': payload, 'createdAt': createdAt, 'attempts': attempts};
}

class Conflict {
  Conflict(this.change, this.reason, this.server);
  factory Conflict.fromJson(Map<String, dynamic> j) =>
      Conflict(Change.fromJson(j['change'] as Map<String, dynamic>), j['reason'] as String, j['server']);
  final Change change;
  final String reason;
  final Object? server;
  Map<String, dynamic> toJson() => {'change': change.toJson(), 'reason': reason, 'server': server};
}

sealed class SendResult {
  const SendResult();
}

class Applied extends SendResult {
  const Applied();
}

class Conflicted extends SendResult {
  const Conflicted(this.server);
  final Object? server;
}

class Rejected extends SendResult {
  const Rejected(this.reason);
  final String reason;
}

class Retry extends SendResult {
  const Retry(this.reason);
  final String reason;
}

abstract interface class SyncTransport {
  /// Implementations send [Change.id] as the `Idempotency-Key` header.
  Future<SendResult> send(Change change);
}

abstract interface class KeyValueStore {
  Future<String?> read(String key);
  Future<void> write(String key, String value);
}

class ReplayReport {
  final List<String> applied = [];
  final List<String> conflicts = [];
  String? blockedBy;
}

String _randomId() {
  final r = Random.secure();
  return List.generate(16, (_) => r.nextInt(256).toRadixString(16).padLeft(2, '0')).join();
}

class Outbox {
  Outbox(this._store, {String Function()? newId, int Function()? now, Future<void> Function(Duration)? sleep})
      : _newId = newId ?? _randomId,
        _now = now ?? (() => DateTime.now().millisecondsSinceEpoch),
        _sleep = sleep ?? ((d) => Future<void>.delayed(d)) {
    _loaded = _load();
  }

  static const _key = 'outbox.v1';
  final KeyValueStore _store;
  final String Function() _newId;
  final int Function() _now;
  final Future<void> Function(Duration) _sleep;
  late final Future<void> _loaded;
  List<Change> _queue = [];
  List<Conflict> _conflicts = [];
  Future<ReplayReport>? _running;

  Future<void> _load() async {
    final text = await _store.read(_key);
    if (text == null) return;
    final data = jsonDecode(text) as Map<String, dynamic>;
    _queue = [for (final c in data['queue'] as List<dynamic>) Change.fromJson(c as Map<String, dynamic>)];
    _conflicts = [for (final c in data['conflicts'] as List<dynamic>) Conflict.fromJson(c as Map<String, dynamic>)];
  }

  Future<void> _persist() => _store.write(_key, jsonEncode({'queue': _queue, 'conflicts': _conflicts}));

  Future<Change> enqueue(String kind, String entityId, Object? payload) async {
    await _loaded;
    final change = Change(id: _newId(), kind: kind, entityId: entityId, payload: payload, createdAt: _now());
    _queue.add(change);
    await _persist(); // persisted before the caller hears "saved"
    return change;
  }

  Future<List<Change>> pending() async {
    await _loaded;
    return List.unmodifiable(_queue);
  }

  Future<List<Conflict>> conflicts() async {
    await _loaded;
    return List.unmodifiable(_conflicts);
  }

  /// Replay in order; a second reconnect while one runs joins it, so nothing is sent twice.
  Future<ReplayReport> replay(SyncTransport transport, {int limit = maxChangesPerReplay}) =>
      _running ??= _drain(transport, limit).whenComplete(() => _running = null);

  Future<ReplayReport> _drain(SyncTransport transport, int limit) async {
    await _loaded;
    final report = ReplayReport();
    final started = _now();
    while (_queue.isNotEmpty && report.applied.length + report.conflicts.length < limit) {
      if (_now() - started > replayBudget.inMilliseconds) break;
      final head = _queue.first;
      final result = await _sendWithRetry(transport, head);
      switch (result) {
        case Retry():
          report.blockedBy = head.id; // later changes may depend on this one: never skip ahead
          return report;
        case Applied():
          report.applied.add(head.id);
        case Conflicted(:final server):
          report.conflicts.add(head.id);
          _conflicts.add(Conflict(head, 'conflict', server));
        case Rejected(:final reason):
          report.conflicts.add(head.id);
          _conflicts.add(Conflict(head, 'rejected', reason));
      }
      _queue.removeAt(0);
      await _persist();
    }
    return report;
  }

  Future<SendResult> _sendWithRetry(SyncTransport transport, Change change) async {
    SendResult result = const Retry('not sent');
    for (var attempt = 1; attempt <= maxAttemptsPerReplay; attempt++) {
      if (attempt > 1) await _sleep(backoffDelay(attempt - 1));
      change.attempts += 1;
      try {
        result = await transport.send(change);
      } on Exception catch (error) {
        result = Retry(error.toString());
      }
      if (result is! Retry) return result;
      await _persist(); // the attempt count survives a restart
    }
    return result;
  }
}
