// The IoT service's buildings, as the web app reads them (<api>/<service>/v1/buildings through the web host):
// timeouts, retries with backoff for idempotent calls only, messages for people.
import 'dart:convert';

import 'package:http/http.dart' as http;

/// A building as the IoT service's `/v1/buildings` answers it.
class Building {
  const Building({required this.id, required this.name, required this.floorAreaM2});

  factory Building.fromJson(Map<String, dynamic> json) => Building(
        id: json['id'] as String,
        name: json['name'] as String,
        floorAreaM2: (json['floor_area_m2'] as num).toDouble(),
      );

  final String id;
  final String name;
  final double floorAreaM2;
}

class ApiError implements Exception {
  const ApiError(this.status, this.userMessage);
  final int? status;
  final String userMessage;
  @override
  String toString() => 'ApiError($status): $userMessage';
}

abstract interface class BuildingsApi {
  Future<List<Building>> list();
  Future<Building> get(String id);
}

class HttpBuildingsApi implements BuildingsApi {
  HttpBuildingsApi(this.baseUrl, this.service, {http.Client? client, this.retries = 2, this.timeout = const Duration(seconds: 8)})
      : _client = client ?? http.Client();

  final String baseUrl;
  /// The IoT component's name: the web host routes /api/<service>/ to it.
  final String service;
  final int retries;
  final Duration timeout;
  final http.Client _client;

  @override
  Future<List<Building>> list() async =>
      [for (final item in await _get('/$service/v1/buildings') as List<dynamic>) Building.fromJson(item as Map<String, dynamic>)];

  @override
  Future<Building> get(String id) async =>
      Building.fromJson(await _get('/$service/v1/buildings/${Uri.encodeComponent(id)}') as Map<String, dynamic>);

  Future<Object?> _get(String path) async {
    ApiError? last;
    for (var attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await Future<void>.delayed(Duration(milliseconds: 200 * (1 << (attempt - 1))));
      try {
        final response = await _client.get(Uri.parse('${baseUrl.replaceAll(RegExp(r'/$'), '')}$path')).timeout(timeout);
        if (response.statusCode == 200) return jsonDecode(response.body);
        last = ApiError(response.statusCode, response.statusCode == 404 ? 'This item does not exist (any more).' : 'The server had a problem.');
        if (response.statusCode < 500) break; // 4xx will not change on retry
      } on Exception {
        last = const ApiError(null, 'The server could not be reached. Check your connection and try again.');
      }
    }
    throw last!;
  }
}
