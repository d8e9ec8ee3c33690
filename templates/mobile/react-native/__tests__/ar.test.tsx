import { render, screen } from "@testing-library/react-native";
import { isARSupportedOnDevice } from "@reactvision/react-viro";
import { viroCapability } from "../src/ar/capability";
import { ArFallbackScreen } from "../src/ar/ArScreen";

test("AR support is detected at run time from the device", async () => {
  jest.mocked(isARSupportedOnDevice).mockResolvedValueOnce({ isARSupported: true });
  await expect(viroCapability.isSupported()).resolves.toBe(true);
  jest.mocked(isARSupportedOnDevice).mockResolvedValueOnce({ isARSupported: false });
  await expect(viroCapability.isSupported()).resolves.toBe(false);
});

test("a failing detection (no native module, ARCore missing) means unsupported", async () => {
  jest.mocked(isARSupportedOnDevice).mockRejectedValueOnce(new Error("ARCore not installed"));
  await expect(viroCapability.isSupported()).resolves.toBe(false);
});

test("the fallback screen names the building", () => {
  render(<ArFallbackScreen name="Headquarters" />);
  expect(screen.getByText("Showing Headquarters without the camera overlay.")).toBeTruthy();
});
