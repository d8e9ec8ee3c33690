// AR behind an interface, detected at run time: ARCore/ARKit availability differs per device, so the app
// asks the device (ViroReact wraps both) and shows the 2D fallback when the answer is no or unknown.
import { isARSupportedOnDevice } from "@reactvision/react-viro";

export interface ArCapability {
  isSupported(): Promise<boolean>;
}

export const viroCapability: ArCapability = {
  async isSupported() {
    try {
      return (await isARSupportedOnDevice()).isARSupported;
    } catch {
      return false; // a missing native module or an ARCore install prompt counts as "not now"
    }
  },
};
