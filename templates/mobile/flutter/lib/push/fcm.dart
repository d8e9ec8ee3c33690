// FCM transport (on iOS Firebase exchanges the APNs token; see README for the APNs key setup).
import 'package:firebase_messaging/firebase_messaging.dart';

import 'notifications.dart';

Map<String, String> _data(RemoteMessage m) => m.data.map((k, v) => MapEntry(k, '$v'));

class FcmTransport implements PushTransport {
  final FirebaseMessaging _messaging = FirebaseMessaging.instance;

  @override
  Future<bool> requestPermission() async {
    final settings = await _messaging.requestPermission();
    return settings.authorizationStatus == AuthorizationStatus.authorized ||
        settings.authorizationStatus == AuthorizationStatus.provisional;
  }

  @override
  Future<String?> getToken() => _messaging.getToken();

  @override
  Stream<String> get onTokenRefresh => _messaging.onTokenRefresh;

  @override
  Stream<Map<String, String>> get onOpened => FirebaseMessaging.onMessageOpenedApp.map(_data);

  @override
  Future<Map<String, String>?> initialMessage() async {
    final message = await _messaging.getInitialMessage();
    return message == null ? null : _data(message);
  }
}
