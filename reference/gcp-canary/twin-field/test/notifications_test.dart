import 'dart:async';

import 'package:flutter_test/flutter_test.dart';
import 'package:twin_field/push/notifications.dart';

/// A fake platform transport: tests push tokens and taps through it as FCM/APNs would.
class FakeTransport implements PushTransport {
  bool permission = true;
  final refresh = StreamController<String>.broadcast();
  final opened = StreamController<Map<String, String>>.broadcast();
  Map<String, String>? initial;
  @override
  Future<bool> requestPermission() async => permission;
  @override
  Future<String?> getToken() async => 'token-1';
  @override
  Stream<String> get onTokenRefresh => refresh.stream;
  @override
  Stream<Map<String, String>> get onOpened => opened.stream;
  @override
  Future<Map<String, String>?> initialMessage() async => initial;
}

class Registry implements TokenRegistry {
  final tokens = <String>[];
  @override
  Future<void> register(String token) async => tokens.add(token);
}

void main() {
  test('alarms route to their building, sync to Status, unknown nowhere', () {
    expect(routeFor({'type': 'alarm', 'buildingId': 'hq'}), '/buildings/hq');
    expect(routeFor({'type': 'sync'}), '/status');
    expect(routeFor({'type': 'alarm'}), isNull);
    expect(routeFor({'type': 'marketing'}), isNull);
  });

  test('the token is registered and re-registered when it rotates', () async {
    final transport = FakeTransport();
    final registry = Registry();
    final service = NotificationService(transport, registry);
    expect(await service.start((_) {}), isTrue);
    transport.refresh
      ..add('token-2')
      ..add('token-2');
    await pumpEventQueue();
    expect(registry.tokens, ['token-1', 'token-2']);
  });

  test('without permission nothing is registered', () async {
    final transport = FakeTransport()..permission = false;
    final registry = Registry();
    expect(await NotificationService(transport, registry).start((_) {}), isFalse);
    expect(registry.tokens, isEmpty);
  });

  test('a tapped notification opens its screen, also from a cold start', () async {
    final transport = FakeTransport()..initial = {'type': 'sync'};
    final routes = <String>[];
    await NotificationService(transport, Registry()).start(routes.add);
    transport.opened.add({'type': 'work-order', 'buildingId': 'lab'});
    await pumpEventQueue();
    expect(routes, ['/status', '/buildings/lab']);
  });
}
