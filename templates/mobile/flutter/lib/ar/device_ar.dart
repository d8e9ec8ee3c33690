// The device AR view: ARKit on iOS, ARCore on Android, through ar_flutter_plugin_2.
import 'package:ar_flutter_plugin_2/ar_flutter_plugin.dart';
import 'package:ar_flutter_plugin_2/datatypes/config_planedetection.dart';
import 'package:flutter/foundation.dart';
import 'package:flutter/material.dart';

import 'capability.dart';

class DeviceArCapability implements ArCapability {
  @override
  Future<bool> isSupported() async =>
      defaultTargetPlatform == TargetPlatform.iOS || defaultTargetPlatform == TargetPlatform.android;
}

Widget deviceArView(BuildContext context) => ARView(
      onARViewCreated: (session, objects, anchors, location) => session.onInitialize(showPlanes: true),
      planeDetectionConfig: PlaneDetectionConfig.horizontal,
    );
