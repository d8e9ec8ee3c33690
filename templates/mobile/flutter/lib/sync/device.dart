// Device bindings of the outbox: SharedPreferences storage, HTTP transport, replay on reconnect.
import 'dart:async';
import 'dart:convert';

import 'package:connectivity_plus/connectivity_plus.dart';
import 'package:http/http.dart' as http;
import 'package:shared_preferences/shared_preferences.dart';

import 'outbox.dart';

class PreferencesStore implements KeyValueStore {
  @override
  Future<String?> read(String key) async => (await SharedPreferences.getInstance()).getString(key);

  @override
  Future<void> write(String key, String value) async => (await SharedPreferences.getInstance()).setString(key, value);
}

class HttpSyncTransport implements SyncTransport {
  HttpSyncTransport(this.baseUrl);
  final String baseUrl;

  @override
  Future<SendResult> send(Change change) async {
    final response = await http.post(
      Uri.parse('$baseUrl/changes'),
      headers: {'Content-Type': 'application/json', 'Idempotency-Key': change.id},
      body: jsonEncode({'kind': change.kind, 'entityId': change.entityId, 'payload': change.payload}),
    );
    final status = response.statusCode;
    if (status >= 200 && status < 300) return const Applied();
    if (status == 409) return Conflicted(response.body);
    if (status == 429 || status >= 500) return Retry('HTTP $status');
    return Rejected('HTTP $status');
  }
}

/// Replays when the connection comes back (offline -> online), not on every network event.
StreamSubscription<List<ConnectivityResult>> replayOnReconnect(Outbox outbox, SyncTransport transport) {
  var online = false;
  return Connectivity().onConnectivityChanged.listen((results) {
    final now = results.any((r) => r != ConnectivityResult.none);
    if (now && !online) unawaited(outbox.replay(transport));
    online = now;
  });
}
