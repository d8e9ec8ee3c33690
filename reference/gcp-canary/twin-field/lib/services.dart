// Everything screens talk to, built once at start: the app wires the device implementations, tests fakes.
import 'api/client.dart';
import 'ar/capability.dart';

class Services {
  Services({
    required this.buildings,
    required this.ar,
  });

  final BuildingsApi buildings;
  final ArCapability ar;
}
