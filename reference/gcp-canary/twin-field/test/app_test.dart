import 'package:flutter/material.dart';
import 'package:flutter_test/flutter_test.dart';
import 'package:twin_field/api/client.dart';
import 'package:twin_field/router.dart';
import 'package:twin_field/services.dart';
import 'package:twin_field/ar/capability.dart';

class FakeBuildings implements BuildingsApi {
  static const all = [
    Building(id: 'hq', name: 'Headquarters', floorAreaM2: 12000),
    Building(id: 'lab', name: 'Lab', floorAreaM2: 4200),
  ];
  @override
  Future<List<Building>> list() async => all;
  @override
  Future<Building> get(String id) async => all.firstWhere((b) => b.id == id);
}

class NoAr implements ArCapability {
  @override
  Future<bool> isSupported() async => false;
}

Services fakes() => Services(
      buildings: FakeBuildings(),
      ar: NoAr(),
    );

void main() {
  testWidgets('the list opens a building detail', (tester) async {
    await tester.pumpWidget(MaterialApp.router(routerConfig: buildRouter(fakes(), arView: (_) => const Text('AR'))));
    await tester.pumpAndSettle();
    expect(find.text('Headquarters'), findsOneWidget);
    await tester.tap(find.text('Lab'));
    await tester.pumpAndSettle();
    expect(find.text('Floor area: 4200 m²'), findsOneWidget);
  });

  testWidgets('AR falls back to 2D without device support', (tester) async {
    await tester.pumpWidget(MaterialApp.router(routerConfig: buildRouter(fakes(), arView: (_) => const Text('AR'))));
    await tester.pumpAndSettle();
    await tester.tap(find.text('Headquarters'));
    await tester.pumpAndSettle();
    await tester.tap(find.text('View in AR'));
    await tester.pumpAndSettle();
    expect(find.text('AR is not available on this device'), findsOneWidget);
  });
}
