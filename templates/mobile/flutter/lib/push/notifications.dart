// Push behind one interface: FCM (APNs through FCM on iOS) is a PushTransport, the backend's device
// registry a TokenRegistry, and routing a pure function of the notification's data.
import 'dart:async';

import 'package:http/http.dart' as http;

abstract interface class PushTransport {
  Future<bool> requestPermission();
  Future<String?> getToken();
  Stream<String> get onTokenRefresh;
  Stream<Map<String, String>> get onOpened;
  Future<Map<String, String>?> initialMessage();
}

abstract interface class TokenRegistry {
  Future<void> register(String token);
}

/// The location a notification opens, as a go_router path; null for unknown types.
String? routeFor(Map<String, String> data) {
  final building = data['buildingId'];
  switch (data['type']) {
    case 'alarm' || 'work-order':
      return building == null || building.isEmpty ? null : '/buildings/${Uri.encodeComponent(building)}';
    case 'sync':
      return '/status';
    default:
      return null;
  }
}

class NotificationService {
  NotificationService(this._transport, this._registry);
  final PushTransport _transport;
  final TokenRegistry _registry;
  final List<StreamSubscription<Object?>> _subscriptions = [];
  String? _requested;
  String? token;

  Future<bool> start(void Function(String location) navigate) async {
    if (!await _transport.requestPermission()) return false;
    final current = await _transport.getToken();
    if (current != null) await _register(current);
    _subscriptions
      ..add(_transport.onTokenRefresh.listen((t) => unawaited(_register(t).catchError((Object _) {}))))
      ..add(_transport.onOpened.listen((data) => _open(data, navigate)));
    final initial = await _transport.initialMessage();
    if (initial != null) _open(initial, navigate);
    return true;
  }

  Future<void> stop() async {
    for (final s in _subscriptions) {
      await s.cancel();
    }
    _subscriptions.clear();
  }

  Future<void> _register(String next) async {
    if (next == _requested) return; // claimed before awaiting: refreshes may repeat
    _requested = next;
    try {
      await _registry.register(next);
      token = next;
    } catch (_) {
      if (_requested == next) _requested = null;
      rethrow;
    }
  }

  void _open(Map<String, String> data, void Function(String) navigate) {
    final location = routeFor(data);
    if (location != null) navigate(location);
  }
}

class HttpTokenRegistry implements TokenRegistry {
  HttpTokenRegistry(this.baseUrl, {http.Client? client}) : _client = client ?? http.Client();
  final String baseUrl;
  final http.Client _client;

  @override
  Future<void> register(String token) async {
    final response = await _client.put(Uri.parse('$baseUrl/devices/${Uri.encodeComponent(token)}'),
        headers: {'Content-Type': 'application/json'}, body: '{"platform":"mobile"}');
    if (response.statusCode >= 300) throw Exception('device registration failed: HTTP ${response.statusCode}');
  }
}
