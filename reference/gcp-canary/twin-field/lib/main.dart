import 'package:flutter/foundation.dart' show kReleaseMode;
import 'package:flutter/material.dart';
import 'package:firebase_core/firebase_core.dart';

import 'api/client.dart';
import 'router.dart';
import 'services.dart';
import 'push/fcm.dart';
import 'push/notifications.dart';
import 'ar/device_ar.dart';

// The API: debug builds reach `make up` on the developer's machine through the Android emulator's alias
// for it; release builds reach production over HTTPS. `--dart-define=API_BASE_URL=...` overrides both.
const releaseApiBaseUrl = 'https://twin-ui.prod.twin.example.com/api';
const debugApiBaseUrl = 'http://10.0.2.2:8080/api';
const apiBaseUrl = String.fromEnvironment(
  'API_BASE_URL',
  defaultValue: kReleaseMode ? releaseApiBaseUrl : debugApiBaseUrl,
);
// The buildings come from the system's first IoT service (decisions.yml order).
const iotService = '';

Future<void> main() async {
  WidgetsFlutterBinding.ensureInitialized();
  final services = Services(
    buildings: HttpBuildingsApi(apiBaseUrl, iotService),
    ar: DeviceArCapability(),
  );
  final router = buildRouter(services, arView: deviceArView);
  // Push is optional: a missing Firebase configuration must never stop the app.
  try {
    await Firebase.initializeApp();
    await NotificationService(FcmTransport(), HttpTokenRegistry(apiBaseUrl)).start(router.go);
  } on Exception catch (error) {
    debugPrint('push disabled: $error');
  }
  runApp(MaterialApp.router(title: 'twin-field', routerConfig: router));
}
