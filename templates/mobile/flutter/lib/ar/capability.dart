// AR behind an interface, detected at run time (ARKit / ARCore through ar_flutter_plugin_2); anything but a
// clear "yes" shows the 2D fallback.
import 'package:flutter/material.dart';

abstract interface class ArCapability {
  Future<bool> isSupported();
}

class ArFallbackScreen extends StatelessWidget {
  const ArFallbackScreen({super.key, required this.name});
  final String name;

  @override
  Widget build(BuildContext context) => Center(
        child: Column(mainAxisSize: MainAxisSize.min, children: [
          const Text('AR is not available on this device'),
          Text('Showing $name without the camera overlay.'),
        ]),
      );
}

/// Checks the capability once, then shows [ar] or the fallback.
class ArGate extends StatelessWidget {
  const ArGate({super.key, required this.capability, required this.name, required this.ar});
  final ArCapability capability;
  final String name;
  final WidgetBuilder ar;

  @override
  Widget build(BuildContext context) => FutureBuilder<bool>(
        future: capability.isSupported().catchError((Object _) => false),
        builder: (context, snapshot) {
          if (!snapshot.hasData) return const Center(child: CircularProgressIndicator());
          return snapshot.data! ? ar(context) : ArFallbackScreen(name: name);
        },
      );
}
