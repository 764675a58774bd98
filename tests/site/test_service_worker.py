def test_the_service_worker_is_served_from_the_root_without_caching(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert b"caches.delete" in b"".join(response.streaming_content)
