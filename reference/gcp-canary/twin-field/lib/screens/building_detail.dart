import 'package:flutter/material.dart';
import 'package:go_router/go_router.dart';

import '../api/client.dart';
import '../services.dart';

class BuildingDetailScreen extends StatefulWidget {
  const BuildingDetailScreen({super.key, required this.services, required this.id});
  final Services services;
  final String id;

  @override
  State<BuildingDetailScreen> createState() => _BuildingDetailScreenState();
}

class _BuildingDetailScreenState extends State<BuildingDetailScreen> {
  late final Future<Building> _building = widget.services.buildings.get(widget.id);

  @override
  Widget build(BuildContext context) => Scaffold(
        appBar: AppBar(title: const Text('Building')),
        body: FutureBuilder<Building>(
          future: _building,
          builder: (context, snapshot) {
            final b = snapshot.data;
            if (snapshot.hasError) return const Center(child: Text('The building could not be loaded.'));
            if (b == null) return const Center(child: CircularProgressIndicator());
            return Padding(
              padding: const EdgeInsets.all(16),
              child: Column(crossAxisAlignment: CrossAxisAlignment.start, children: [
                Text(b.name, style: Theme.of(context).textTheme.headlineSmall),
                Text('Floor area: ${b.floorAreaM2.round()} m²'),
                OutlinedButton(onPressed: () => context.go('/buildings/${Uri.encodeComponent(b.id)}/ar'), child: const Text('View in AR')),
              ]),
            );
          },
        ),
      );
}
