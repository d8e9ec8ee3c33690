import 'package:flutter/material.dart';
import 'package:go_router/go_router.dart';

import 'screens/building_detail.dart';
import 'screens/buildings_list.dart';
import 'screens/status.dart';
import 'services.dart';
import 'ar/capability.dart';

/// A tab shell (Buildings, Status) whose Buildings branch is a stack: list -> detail -> AR.
GoRouter buildRouter(Services services, {required WidgetBuilder arView}) => GoRouter(
      initialLocation: '/buildings',
      routes: [
        StatefulShellRoute.indexedStack(
          builder: (context, state, shell) => Scaffold(
            body: shell,
            bottomNavigationBar: NavigationBar(
              selectedIndex: shell.currentIndex,
              onDestinationSelected: shell.goBranch,
              destinations: const [
                NavigationDestination(icon: Icon(Icons.apartment), label: 'Buildings'),
                NavigationDestination(icon: Icon(Icons.info_outline), label: 'Status'),
              ],
            ),
          ),
          branches: [
            StatefulShellBranch(routes: [
              GoRoute(
                path: '/buildings',
                builder: (context, state) => BuildingsListScreen(api: services.buildings),
                routes: [
                  GoRoute(
                    path: ':id',
                    builder: (context, state) => BuildingDetailScreen(services: services, id: state.pathParameters['id']!),
                    routes: [
                      GoRoute(
                        path: 'ar',
                        builder: (context, state) => Scaffold(
                          appBar: AppBar(title: const Text('AR view')),
                          body: ArGate(capability: services.ar, name: state.pathParameters['id']!, ar: arView),
                        ),
                      ),
                    ],
                  ),
                ],
              ),
            ]),
            StatefulShellBranch(routes: [
              GoRoute(path: '/status', builder: (context, state) => StatusScreen(services: services)),
            ]),
          ],
        ),
      ],
    );
