import 'package:flutter/material.dart';
import 'package:go_router/go_router.dart';

import '../api/client.dart';
import '../perf.dart';

class BuildingsListScreen extends StatefulWidget {
  const BuildingsListScreen({super.key, required this.api});
  final BuildingsApi api;

  @override
  State<BuildingsListScreen> createState() => _BuildingsListScreenState();
}

class _BuildingsListScreenState extends State<BuildingsListScreen> {
  late Future<List<Building>> _buildings = widget.api.list();

  @override
  Widget build(BuildContext context) => Scaffold(
        appBar: AppBar(title: const Text('Buildings')),
        body: FutureBuilder<List<Building>>(
          future: _buildings,
          builder: (context, snapshot) {
            if (snapshot.hasError) {
              final error = snapshot.error;
              return Center(
                child: Column(mainAxisSize: MainAxisSize.min, children: [
                  Text(error is ApiError ? error.userMessage : 'Something went wrong.'),
                  TextButton(onPressed: () => setState(() => _buildings = widget.api.list()), child: const Text('Try again')),
                ]),
              );
            }
            final items = snapshot.data;
            if (items == null) return const Center(child: CircularProgressIndicator());
            // ListView.builder + itemExtent: only visible rows are built, and none are measured.
            return ListView.builder(
              itemCount: items.length,
              itemExtent: rowExtent,
              itemBuilder: (context, i) => ListTile(
                title: Text(items[i].name),
                subtitle: Text('${items[i].floorAreaM2.round()} m²'),
                onTap: () => context.go('/buildings/${Uri.encodeComponent(items[i].id)}'),
              ),
            );
          },
        ),
      );
}
