import 'package:flutter/material.dart';

import '../services.dart';

class StatusScreen extends StatelessWidget {
  const StatusScreen({super.key, required this.services});
  final Services services;

  @override
  Widget build(BuildContext context) => Scaffold(
        appBar: AppBar(title: const Text('Status')),
        body: const Center(child: Text('Offline sync is off for this app.')),
      );
}
